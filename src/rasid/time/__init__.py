"""rasid.time"""
