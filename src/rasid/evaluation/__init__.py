"""rasid.evaluation"""
