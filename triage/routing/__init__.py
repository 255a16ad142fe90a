"""Choosing a team, priority and assignee for a conversation from ordered rules."""
