"""Small shared helpers with no models: domain errors and local-time arithmetic."""
