"""Places of the Western Balkans: local government units, settlements, cantons and entities, in every case form."""

from devatlas.gazetteer.lookup import Gazetteer, load_gazetteer

__all__ = ["Gazetteer", "load_gazetteer"]
