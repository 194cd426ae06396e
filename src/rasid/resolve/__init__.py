"""rasid.resolve"""
