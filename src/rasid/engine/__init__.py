"""rasid.engine"""
