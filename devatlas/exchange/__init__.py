"""Exchange with the outside: IATI 2.03 activity files out and in, CSV/JSON/GeoJSON tables and a printable
catalogue of organisations, all built on the registry (`devatlas.store`)."""
