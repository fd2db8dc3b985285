"""Reading from outside: the read-only JSON API v1 with its OpenAPI description, and the
open-data CSV downloads."""
