"""rasid.events"""
