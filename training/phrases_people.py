"""Phrase bank: who writes (openings, closings, signatures), tribunal notices and messages that are not casework."""

from __future__ import annotations

FIRST_NAMES = [
    "Amelia", "Oliver", "Zain", "Priya", "Kacper", "Zofia", "Harvey", "Mia", "Ayaan", "Leo", "Ruby", "Isaac",
    "Hafsa", "Jayden", "Maja", "Ellis", "Noah", "Ivy", "Arjun", "Sienna", "Tomasz", "Aisha", "Freddie",
    "Lily-Rose", "Kai", "Harleen", "Yusuf", "Eva", "Mason", "Darcy", "Ravi", "Bella", "Stefan", "Nia",
]
SURNAMES = [
    "Hartley", "Okafor", "Mistry", "Kowalski", "Begum", "Patel", "Sharma", "Nowak", "Whitmore", "Clarke",
    "Ahmed", "Dunmore", "Lindqvist", "Gill", "Osei", "Fenwick", "Rahman", "Baxter", "Chauhan", "Popescu",
]
ADULT_NAMES = [
    "Sarah", "Michelle", "Gemma", "Kirsty", "Nasreen", "Anita", "Agnieszka", "Joanne", "Donna", "Paul",
    "Gareth", "Imran", "Hema", "Rebecca", "Claire", "Marek", "Shabana", "Lorraine", "Dev", "Tracey",
]
SCHOOLS = [
    "Oakfield Primary School", "Brookside Academy", "Riverside Special School", "St Wystan's C of E Primary",
    "Hollyfield Community College", "Greenacres School", "Birchwood High School", "Meadowbank Academy",
    "Castle Rise Primary", "Ashby Vale School", "Millgate Specialist College", "Thornbury Infants",
    "the local mainstream school", "the special school", "a specialist ASD unit", "Westfield Juniors",
]
OFFICERS = ["Mr Dunmore", "Mrs Lindqvist", "Karen", "Steve", "Ms Osei", "the case officer", "Jas", "Hannah"]
SERVICES = [
    "speech and language therapy", "occupational therapy", "physiotherapy", "1:1 teaching assistant support",
    "a specialist teacher", "sensory breaks", "counselling", "social skills sessions", "music therapy",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "September", "October", "November", "December"]
RELATIONS = ["son", "daughter", "grandson", "granddaughter", "child", "foster son", "stepdaughter"]

# Openings by writer; {c} is the child, {rel} the relation to the writer.
OPENINGS = {
    "parent": [
        "Hello,", "Hi", "Dear SEN team,", "Good morning,", "To whom it may concern,", "Dear Sir/Madam,", "Hiya",
        "I am writing about my {rel} {c}.", "My {rel} {c} ({age}) has an EHCP.", "I am {c}'s mum.",
        "I'm {c}'s dad and I need some help.", "Ref {ref}.", "Re my {rel} {c}, DOB {dob}.", "hi its {adult} {c}s mum",
        "Sorry to bother you again.", "Dear {officer},", "Hello, I hope you are well.",
    ],
    "grandparent": [
        "I am writing on behalf of my {rel} {c}, I am {his} grandmother and {his} main carer.",
        "Dear Sir or Madam, I look after my grandson {c} and his mother has asked me to write.",
        "Hello, I am {c}'s grandad. I am not very good with emails so please bear with me.",
    ],
    "eal": [
        "Hello sir, I am mother of {c}.", "Dear madam, I write for my son {c}.", "Hello I am {c} father.",
        "Please help me, my english not good.", "Respected sir/madam,", "Salam, I am writing for my child {c}.",
    ],
    "school": [
        "Dear colleagues,", "Good afternoon,", "I am the SENCO at {school}.", "I am writing as Head of Inclusion at {school}.",
        "Hi, SENCO here from {school} regarding {c} (Year {year}).", "Dear {officer},",
    ],
    "professional": [
        "I am the educational psychologist working with {c}.", "I am writing as {c}'s paediatrician.",
        "I am a speech and language therapist working with {c}.", "I write from the CAMHS team regarding {c}.",
        "I am {c}'s social worker.", "Dear SEND team,",
    ],
    "advocate": [
        "We act for {c}'s mother, {adult} {surname}, in relation to her son's EHC plan.",
        "I am an advocate from the local SENDIASS service supporting {c}'s family.",
        "We are instructed by the parents of {c} (your ref {ref}).", "Dear Sirs,",
    ],
    "mp": [
        "I am writing on behalf of my constituent, {adult} {surname}, regarding her son {c}.",
        "Our office has been contacted by a constituent about the EHC process for their child {c}.",
        "Dear SEND team, I write as the local councillor for the ward, on behalf of a resident.",
    ],
}

CLOSINGS = {
    "complaint": [
        "I want this treated as a formal complaint.", "Please treat this email as a stage 1 complaint.",
        "This is not good enough and I expect an explanation.", "I am absolutely disgusted with the service.",
        "I am really disappointed in how we have been treated.", "This is a disgrace.", "Honestly this is shocking.",
        "I have had enough of being fobbed off.", "I am making a complaint about how this has been handled.",
        "We are exhausted and angry.", "You are failing my child.", "I am so upset I can barely write this.",
        "i am sick of this", "VERY UNHAPPY", "Please explain why this has been allowed to happen.",
        "My constituent is understandably distressed and I would be grateful for an urgent explanation.",
        "Our client reserves the right to seek judicial review.", "Not acceptable.",
    ],
    "enquiry": [
        "Many thanks.", "Thank you for your help.", "Could you let me know please?", "Any update would be appreciated.",
        "Thanks in advance.", "I look forward to hearing from you.", "Please could you advise.", "thanks",
        "Could someone get back to me?", "Grateful for any information.", "Please call me if easier.",
        "I would be grateful for an update on my constituent's behalf.", "Let me know if you need anything else from me.",
    ],
}

SIGNATURES = [
    "Kind regards\n{adult}", "Thanks\n{adult} {surname}", "{adult} (mum of {c})", "Regards,\n{adult} {surname}\n{phone}",
    "Sent from my iPhone", "{adult}\n\nSent from my Samsung Galaxy smartphone.", "Best wishes,\n{adult}",
    "Many thanks\n{adult} {surname}\nSENCO, {school}\nTel: {phone}\nThis email and any attachments are confidential and intended solely for the addressee.",
    "Yours faithfully\n{adult} {surname}\nSolicitor\nExample Law LLP", "{adult} {surname}\nCaseworker to the MP\n{phone}",
    "x", "", "", "Get Outlook for Android",
]

SUBJECTS = {
    "timeliness": ["EHCP delay", "Still waiting", "Draft plan?", "Where is the final plan", "Week {weeks}", "Overdue EHCP", "Chasing"],
    "school_place": ["School place", "Secondary transfer", "Consultation", "Placement", "Special school", "section I"],
    "communication": ["No reply", "Case officer", "Please call me", "Chasing my emails", "Lost paperwork"],
    "appeal": ["Tribunal", "Appeal", "Mediation certificate", "Hearing", "Tribunal order"],
    "annual_review": ["Annual review", "AR paperwork", "Annual review {c}"],
    "provision": ["Section F", "Therapy not provided", "Support in plan", "1:1 support"],
    "transport": ["Transport", "Taxi", "School transport application", "Bus"],
    "assessment_request": ["EHC needs assessment request", "Request for assessment", "Refusal to assess"],
    "out_of_education": ["Part time timetable", "Tuition", "Not in school"],
    "complaint_handling": ["Complaint", "Stage 2", "Complaint response", "Ombudsman"],
    "generic": ["", "EHCP", "{c}", "{c} {surname}", "My son", "My daughter", "Help", "URGENT", "Re: {c}", "FW: EHCP", "Query", "{ref}", "Complaint", "Question"],
}

TRIBUNAL = [
    "SEND Tribunal - Notice of appeal registration\n\nAppeal reference: {tref}\nChild: {c} {surname}\n\nThe Tribunal has registered an appeal against the local authority's decision {appeal_type}. The local authority must send its response within 30 working days of the date of this letter, by {date}.\n\nHM Courts & Tribunals Service",
    "First-tier Tribunal (Special Educational Needs and Disability)\nCase number {tref}\n\nNOTICE OF HEARING\n\nThe appeal will be heard by video on {date}. The parties must send the final working document and bundle no later than 10 working days before the hearing.",
    "Dear Sir/Madam\n\nRe: {tref} - {c} {surname}\n\nPlease find enclosed the Tribunal's decision. The appeal is allowed in part. The local authority is ordered to amend sections B and F of the EHC plan within 5 weeks of the date of this order.\n\nSEND Tribunal",
    "{tref}\n\nDIRECTIONS\n\nThe judge has directed that the local authority confirm by {date} whether it intends to oppose the appeal. Failure to comply may result in the Tribunal barring the local authority from taking further part.",
    "Our reference: {tref}\n\nThe Tribunal notes that the local authority has not complied with the order dated {date} to issue the amended plan. The local authority must explain the delay within 5 working days.",
    "HMCTS SEND Tribunal - Case management\nAppeal: {tref}\nThe parent has applied to add a health and social care recommendation request. Any response should be received by {date}.",
    "SENDIST {tref}: The appellant has withdrawn the appeal. The case is now closed. No further action is required.",
    "Notice of decision, appeal {tref}. The Tribunal has approved the consent order agreed between the parties. The local authority must issue the final amended EHC plan naming {school} within 2 weeks.",
    "First-tier Tribunal SEND\nReference {tref}\nThe Tribunal has received the parent's request for a postponement of the hearing listed on {date}. The local authority has 5 working days to comment.",
]
TRIBUNAL_LATE = [3, 4]  # indices of TRIBUNAL notices that also say the council is late
APPEAL_TYPES = [
    "not to carry out an EHC needs assessment", "not to issue an EHC plan", "about the contents of sections B, F and I",
    "to cease to maintain the EHC plan", "not to amend the plan following the annual review",
]

OTHER = [
    "Thank you so much for all your help, we really appreciate it.",
    "Thanks {officer}, that's great news. Have a lovely weekend.",
    "Please find attached {c}'s latest school report.",
    "Attached are the documents you asked for.",
    "I am out of the office until {date} with limited access to email. For urgent matters please contact the duty officer.",
    "Thank you for your email. This is an automatic reply to confirm we have received it.",
    "Delivery has failed to these recipients or groups. The recipient's mailbox is full and can't accept messages now.",
    "I need to report a missed bin collection on our road.",
    "Can you tell me how to pay my council tax online? I have lost my account number.",
    "There is a large pothole outside number 14 which has damaged my car.",
    "How do I apply for a residents parking permit?",
    "I would like to book a room at the library for a community group meeting.",
    "Our housing repair request about damp in the bathroom has not been actioned.",
    "I'm interested in the teaching assistant vacancy advertised on your website.",
    "Please unsubscribe me from this mailing list.",
    "Just to say {c} had a lovely first week at {school}, thank you for everything.",
    "Thanks for the call earlier, all sorted now.",
    "Received, thank you.",
    "ok thanks",
    "Please see the signed consent form attached.",
    "Here is the parental views form as promised.",
    "We are pleased to invite you to our SEND conference in {month}. Book your place via the link.",
    "Your Microsoft 365 password expires today. Click here to keep your password.",
    "Thank you for the meeting yesterday, it was really helpful to meet you in person.",
    "I'm sending the photos of {c}'s work that the EP asked for.",
    "Could you update my address? We have moved to 12 Elm Road.",
    "Is the council office open on bank holiday Monday?",
    "Dear all, please note my new email address from today.",
    "Apologies, please ignore my last email, it was sent in error.",
]
