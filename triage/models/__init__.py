"""ORM tables, one module per aggregate. Importing this package registers them all."""

from triage.models.api_token import ApiToken
from triage.models.audit import AuditEvent
from triage.models.case import Case, CaseContact
from triage.models.conversation import Conversation
from triage.models.message import Attachment, CaseLink, Classification, Feedback, Message
from triage.models.routing import RoutingRule
from triage.models.team import Team, User, user_teams
from triage.models.appeal import Appeal, AppealOrder
from triage.models.clock import CaseMilestone, Clock
from triage.models.complaint import Complaint
from triage.models.mailbox import MailboxState
from triage.models.insight import InsightCaseDay, InsightContacts, InsightFact, InsightState, InsightTheme
from triage.models.team_settings import TeamSettings
from triage.models.reply_template import ReplyTemplate
from triage.models.saved_view import SavedView as SavedView

__all__ = [
    "ApiToken",
    "Attachment",
    "AuditEvent",
    "Case",
    "CaseContact",
    "CaseLink",
    "Classification",
    "Conversation",
    "Feedback",
    "Message",
    "RoutingRule",
    "Team",
    "User",
    "user_teams",
    "Appeal",
    "AppealOrder",
    "CaseMilestone",
    "Clock",
    "Complaint",
    "MailboxState",
    "InsightCaseDay",
    "InsightContacts",
    "InsightFact",
    "InsightState",
    "InsightTheme",
    "TeamSettings",
    "ReplyTemplate",
]
