"""Running in production: rate limits, the background job queue and the gunicorn settings."""
