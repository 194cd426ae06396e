"""rasid.api"""
