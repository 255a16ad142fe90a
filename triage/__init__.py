"""triage: contact-centre and complaints triage for council SEND assessment teams."""
