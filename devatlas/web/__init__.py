"""The web app: server-rendered pages over the registry and their JSON twins under /api/v1."""
