"""Users, roles, sign-in and the one permission helper every area uses."""
