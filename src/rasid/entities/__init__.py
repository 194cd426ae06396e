"""rasid.entities: the knowledge base, gazetteer scan, linking and the entity stage.

Public entry points: :func:`rasid.entities.kb.get_kb` (the knowledge base),
:func:`rasid.entities.link.cluster_key` (keys for unknown names) and
:class:`rasid.entities.stage.EntityStage`. Nothing is loaded at import time.
"""
