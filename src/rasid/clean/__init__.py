"""rasid.clean: boilerplate removal with an exact offset map, page outlet/title/date, genre."""
from rasid.clean.document import clean_document

__all__ = ["clean_document"]
