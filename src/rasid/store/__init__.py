"""rasid.store"""
