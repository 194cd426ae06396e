"""rasid.figures"""
