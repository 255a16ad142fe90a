"""The routing_admin blueprint."""
