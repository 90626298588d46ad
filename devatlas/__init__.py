"""devatlas: a registry of local development work in the Western Balkans, built from the texts that report it."""

__version__ = "0.1.0"
