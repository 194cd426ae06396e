"""rasid.entities"""
