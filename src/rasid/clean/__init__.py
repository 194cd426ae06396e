"""rasid.clean"""
