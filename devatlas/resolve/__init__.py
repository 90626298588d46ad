"""Resolve: mentions to entities. One key per real-world thing, whatever language, script or case it was named in."""

from devatlas.resolve.keys import organisation_key, person_key, place_key, project_key

__all__ = ["organisation_key", "person_key", "place_key", "project_key"]
