"""Phrase parts for the compositional generator (compose_samples.py): processes, asks, grievances, context.

Parts are combined per message, so one label is said in many ways rather than by one sentence learnt by heart.
Slots ({c}, {school}, {weeks}...) are filled by generate_samples._slots.
"""

from __future__ import annotations

T, S, C, A = "timeliness", "school_place", "communication", "appeal"
AR, P, TR, AS, OE, CH = "annual_review", "provision", "transport", "assessment_request", "out_of_education", "complaint_handling"

# Statutory or promised steps that can run late: (noun phrase, extra topics).
PROCESSES = [
    ("the draft plan", ()), ("the draft EHCP", ()), ("the final EHCP", ()), ("{c}'s final plan", ()), ("the EHC plan", ()),
    ("the decision on whether you will assess", (AS,)), ("the outcome of the assessment request", (AS,)),
    ("the educational psychologist's advice", ()), ("the EP report", ()), ("the health advice for the assessment", ()),
    ("the amended plan after the annual review", (AR,)), ("the annual review decision letter", (AR,)),
    ("the amendment notice from {c}'s review", (AR,)), ("the panel decision", ()), ("the plan naming {his} new school", (S,)),
    ("the reply to my complaint", (CH,)), ("the stage 2 response", (CH,)), ("the plan the Tribunal ordered", (A,)),
    ("the amended section F the judge ordered", (A,)),
]
WHEN = ["by the end of {month}", "within 20 weeks", "weeks ago", "before half term", "last {month}", "by now",
        "within six weeks", "before Christmas", "in the summer", "at the start of term"]
LATE_ASK = [
    "Could you let me know when {proc} will be ready?", "Is there any news on {proc}?", "Just checking in about {proc}.",
    "Do you have a date for {proc}?", "I'm chasing {proc}, we were told it would come {when}.",
    "can you tell me where we are with {proc} pls", "Please could you give me an update on {proc}.",
    "We were expecting {proc} {when} but haven't seen it yet, is it on its way?",
    "I wondered if {proc} has been sent out yet, we have not received anything.",
    "Would you be able to check on the progress of {proc}?", "any update on {proc}?",
    "I would be grateful for a timescale for {proc}.", "It has been {weeks} weeks so I'm just asking about {proc}.",
]
LATE_COMPLAIN = [
    "{Proc} is now {n} weeks overdue and I am absolutely furious.", "We are still waiting for {proc}. This is completely unacceptable.",
    "You promised {proc} {when} and yet again nothing has arrived.", "It is week {weeks} and there is still no sign of {proc}, you are breaking the law.",
    "I am sick of waiting for {proc}, it should have come {when}.", "{Proc} is months late and no one seems to care.",
    "still NO {proc} after {weeks} weeks, shocking", "The delay with {proc} is disgraceful and is harming {c}.",
    "How much longer do we have to wait for {proc}? We have been let down again.",
]
# Questions and news about a process that say nothing is late: the process's own topics, never timeliness.
PROCESS_NEUTRAL = [
    "How long does {proc} usually take?", "What happens after {proc}?", "Who writes {proc}?",
    "Thank you, {proc} arrived today.", "We got {proc} this morning and are reading it now.",
    "Could you explain what {proc} will cover?", "Is {proc} sent by post or by email?",
    "We are happy with {proc}, thank you.", "Does {proc} need to be signed by us?",
]
# School places: what is asked about.
PLACE_THINGS = [
    "a place at {school}", "which school will be named in section I", "the consultation with {school}",
    "a special school place for {c}", "{c}'s move to secondary school", "a college place for September",
    "changing {c}'s school to {school2}", "the placement panel's decision", "a place in a resourced base",
    "where {c} will go when {he} moves up to Year 7", "the school named in the final plan",
]
PLACE_ASK = [
    "Could you tell me what is happening with {thing}?", "I'd like to ask about {thing}.", "We wanted to check on {thing}.",
    "Please could you explain how {thing} works?", "Is there any news about {thing}?", "what is the next step for {thing}",
    "We visited {school} last week and would like to know more about {thing}.",
]
PLACE_COMPLAIN = [
    "I am disgusted with how {thing} has been handled.", "Nobody will give me a straight answer about {thing} and I am at the end of my tether.",
    "You ignored our preference when deciding {thing}, which is wrong.", "The mess over {thing} has left {c} distraught.",
    "I strongly object to the decision about {thing}.",
]
COMM_ASK = [
    "Could you let me know who our case officer is now?", "Please could someone ring me back on {phone}?",
    "I emailed on {date} and just wanted to check it reached you.", "Can you confirm you received the documents I sent?",
    "Is {officer} still dealing with {c}'s file?", "I left a voicemail yesterday, could someone return my call when they can?",
    "Who is the best person to speak to about {c}'s plan?", "could u let me know u got my email thanks",
    "Please can you update my phone number on the file to {phone}.", "Has anyone picked up my message from Monday?",
    "I don't seem to have had a reply to my last email, could you check?", "Who should I contact now that {officer} has left?",
    "Could you let me know you have got the forms, I sent them by recorded delivery.", "Is there a direct number for the case officer?",
    "I was told someone would phone me back on Friday but nobody did, could you chase that?",
]
COMM_COMPLAIN = [
    "Nobody ever replies to my emails.", "I have rung {n} times and not one call has been returned.",
    "You lost the paperwork again, so I have had to send it a third time.", "{officer} was rude and dismissive on the phone.",
    "We are never kept informed about anything.", "Every person I speak to tells me something different.",
    "I have been ignored for weeks and I am fed up.", "no one bothers to answer the phone, its a joke",
    "The way I was spoken to was patronising and upsetting.", "I was promised a call back three times and it never happened.",
    "We found out about the decision from the school, not from you, which is disgraceful.", "Your team lost {c}'s medical reports and then blamed us.",
    "The duty line just rings out, it is impossible to get hold of anyone.", "Emails to {officer} bounce back and no one told us {officer} had left.",
    "i am sick of chasing you for answers",
]
APPEAL_ASK = [
    "How does mediation work before an appeal?", "Could you send us the mediation certificate?",
    "We have registered an appeal and wanted to let you know.", "What is the deadline for appealing the decision?",
    "Who will attend the Tribunal hearing for the council?", "Could you confirm the council's position on the appeal?",
    "Please find attached our amendments to the working document for the hearing.", "We are considering an appeal to the SEND Tribunal and want to understand the process.",
    "Can we appeal about section I only?",
]
APPEAL_COMPLAIN = [
    "The council has ignored the Tribunal's order.", "It is outrageous that you are contesting the appeal when the evidence is so clear.",
    "We had to go to Tribunal to get what {c} should have had from the start, and now you are dragging your feet again.",
    "Your evidence bundle for the hearing arrived late and incomplete, which is unacceptable.",
]
ROUTING_ASK = {
    AR: ["{c}'s annual review is on {date}, will anyone from the SEND team attend?", "Does the annual review have to be in school?",
         "Please find attached the annual review report for your decision.", "Who should the annual review paperwork go to?"],
    P: ["Who arranges the speech and language therapy in the plan?", "Is the 1:1 support meant to be full time?",
        "How would a personal budget for {service} work?", "Could you check whether {service} has started?"],
    TR: ["How do I apply for school transport for {c}?", "Is {c} eligible for transport to {school}?",
         "Can I claim mileage for driving {c} to school?", "The taxi pick up time has changed, who do I talk to?"],
    AS: ["I would like to request an EHC needs assessment for {c}.", "Can a parent ask for an EHC needs assessment?",
         "What evidence do you need with a request for assessment?", "Please find attached our request for an EHC needs assessment."],
    OE: ["{c} is on a reduced timetable, is there any support?", "How much tuition is {c} entitled to while {he} is off sick?",
         "We are thinking about home education, would that affect the plan?"],
    CH: ["Could I have a reference number for my complaint?", "Please escalate my complaint to stage 2.",
         "How do I take my complaint to the Ombudsman?"],
}
ROUTING_COMPLAIN = {
    AR: ["Nobody from the council turned up to the annual review, which is appalling.", "The annual review was cancelled again with no explanation, I'm furious."],
    P: ["{c} has not had the {service} in {his} plan for months and you are failing {him}.", "The school cut {his} 1:1 hours without any review, which is outrageous."],
    TR: ["The taxi was late again and {c} missed the start of school, this keeps happening.", "Refusing {c} transport is unfair and I want it reviewed."],
    AS: ["I am appalled that you refused to assess when every professional says {he} needs it.", "Panel turned down the assessment without reading the evidence, disgraceful."],
    OE: ["{c} has been on two hours a day for a term and nobody is doing anything about it.", "The tuition offered is a pathetic hour a day."],
    CH: ["My stage 1 complaint response ignored every point I made.", "Your complaint reply was late and dismissive."],
}
# Sentences with topic-like words that are about none of the topics: context, chit-chat, logistics.
CONTEXT = [
    "{c} is in Year {year} at {school} and loves football.", "{He} has been at {school} for {n} years now.",
    "We have just come back from two weeks in Wales.", "I work nights so email is the best way to reach me.",
    "{c} has autism and ADHD and finds change really hard.", "{He} started at {school} in September and the teachers are lovely.",
    "Sorry this is a long email, I've had a rough few weeks.", "My husband works away so it's just me most of the time.",
    "{c}'s little sister is also at {school}.", "We've been really happy with how school have supported {him} this term.",
    "The school run takes about ten minutes.", "I'm writing this on my phone on my lunch break so sorry for typos.",
    "{He} has a diagnosis from the paediatrician from {month}.", "School have been brilliant to be fair.",
    "I have a hospital appointment in {n} weeks so I may be slow replying.", "It has been a busy few weeks with Christmas coming.",
    "{c} is {age} and in a mainstream class with support.", "We had a meeting with the class teacher last week which went well.",
    "My mum helps with the school pick ups.", "{c} is doing really well in maths this year.",
    "The SENCO at {school} suggested I write to you.", "I've attached nothing, I'll post the letters later.",
    "We're not unhappy with the school at all.", "Our appeal against the parking fine is a separate matter, ignore that.",
    "{c} was off school with a cold for a few days last week.", "School say {he} is settled and happy in class.",
    "{school} have been really supportive.", "The school nurse is lovely with {him}.", "{He} walks to school with {his} brother.",
    "We have lived here for {n} years.", "I can do any day except Wednesdays.", "{He} has speech therapy at the hospital every few weeks.",
    "The weeks fly by at the moment.", "I called the GP last week about {his} sleep.", "{He} is going on a school trip next week and is very excited.",
]
# Polite neutral wrappers an enquiry may use; kind words in a complaint must not make it an enquiry.
ENQUIRY_ASKS = [
    "Thanks in advance for any help.", "No rush, whenever you get a chance.", "I'd be grateful for any advice.",
    "Just want to understand the process.", "Hope you can help.", "Many thanks.", "Thank you for your time.",
    "I'm not complaining, I just want to know where things are.", "Sorry to bother you.", "Look forward to hearing from you.",
]
COMPLAINT_CUES = [
    "I want to make a formal complaint.", "This is not good enough.", "I am extremely disappointed.",
    "I expect a proper response this time.", "Frankly this is a disgrace.", "I am at my wits' end.",
    "We feel completely let down by the council.", "I will be contacting my MP if this is not resolved.",
    "I am so angry I can barely write this.", "Please treat this as a complaint.",
]
GENERAL_QUESTIONS = [
    "What is the difference between SEN support and an EHCP?", "Where can I find the local offer?",
    "Do you have information about short breaks?", "Is there a parent carer forum in the county?",
    "Can you recommend any autism support groups nearby?", "Where can I get help with DLA forms?",
    "Do you have leaflets in Polish about EHCPs?", "Who do I contact about a carer's assessment?",
    "Are there any holiday clubs for children with additional needs?", "How do I find an educational psychologist privately?",
    "What does section B of the plan mean?", "Can you send me the SENDIASS phone number?",
]
