"""Phrase bank: sentences about each topic, in a neutral (asking, chasing) and a dissatisfied voice.

Each entry is (template, topics, urgent_reason or None). Slots are filled by generate_samples.py.
"""

from __future__ import annotations

Fragment = tuple[str, tuple[str, ...], str | None]

T, S, C, A = "timeliness", "school_place", "communication", "appeal"
AR, P, TR, AS, OE, CH = "annual_review", "provision", "transport", "assessment_request", "out_of_education", "complaint_handling"

NEUTRAL: list[Fragment] = [
    # timeliness
    ("We asked for an EHC needs assessment on {date} and I wondered when we will hear whether it is going ahead.", (T, AS), None),
    ("Could you tell me where we are with the EHCP? It has been {weeks} weeks since the request went in.", (T,), None),
    ("I am just chasing the draft plan for {c}, we were told it would be with us by now.", (T,), None),
    ("Please can you let me know when the final plan will be issued, the draft came in {month}.", (T,), None),
    ("Is there any update on the decision to assess? I think the 6 weeks ran out last week.", (T, AS), None),
    ("hi just wondering if theres any news on {c}s plan its been ages", (T,), None),
    ("We were told the educational psychologist advice would be done by the end of {month} but nothing has come through yet, do you know when it will be?", (T,), None),
    ("Could someone confirm the date the final EHCP is due? I make it week {weeks} now.", (T,), None),
    ("When can we expect the amended plan? The review meeting was back in {month}.", (T, AR), None),
    ("Just a gentle reminder that we are still waiting for the amendment notice following the annual review.", (T, AR), None),
    ("can u tell me when the plan will be ready pls", (T,), None),
    ("I understand you are busy but could you give me an idea of the timescale for the draft plan?", (T,), None),
    # school place
    ("We would like {school} to be named in section I, could you tell me how the consultation works?", (S,), None),
    ("Has {school} replied to the consultation yet?", (S,), None),
    ("{c} starts secondary school next September and we have not yet been told which school will be named.", (S,), None),
    ("We are looking at special schools for {c} and would like to know how to ask for a place at {school}.", (S,), None),
    ("Could you let me know whether a place at {school} has been agreed for {c}?", (S,), None),
    ("We are moving to the area in {month} and need to find a school that can meet {c}'s needs.", (S,), None),
    ("Which schools have been consulted for {c}'s phase transfer?", (S,), None),
    ("I'd like to ask about changing {c}'s school, {he} is really unhappy at {school} and we think {school2} would suit {him} better.", (S,), None),
    ("Can you tell me if there are any places in a resourced provision near us?", (S,), None),
    ("We visited {school} and they said they can meet {his} needs, what happens next with the consultation?", (S,), None),
    ("is there a place for {c} at {school} in september or not, we need to know", (S,), None),
    ("I was told the panel would decide on the placement this month, has that happened?", (S,), None),
    # communication
    ("I have left a couple of voicemails for {officer} and wondered if {officer} is still our case officer?", (C,), None),
    ("Could you let me know who our new case officer is? I have not heard from anyone since {officer} left.", (C,), None),
    ("I sent the parental views form on {date} but have had no acknowledgement, can you check it arrived?", (C,), None),
    ("Please can somebody call me back on {phone}, I have tried ringing a few times.", (C,), None),
    ("I emailed last week and haven't had a reply yet so I'm trying again.", (C,), None),
    ("Could you confirm you received the reports I posted? Nobody has let me know either way.", (C,), None),
    # appeal
    ("We are thinking about appealing the decision and I wanted to ask how mediation works.", (A,), None),
    ("Could you send me the mediation certificate so we can lodge the appeal?", (A,), None),
    ("We have registered an appeal with the SEND Tribunal about section F and wanted to let you know.", (A,), None),
    ("I would like to know if the council intends to defend the appeal or whether it might concede.", (A,), None),
    ("The hearing is listed for {month}, could you confirm who will attend for the local authority?", (A,), None),
    ("Please can you tell me what happens now the Tribunal has ordered the plan to be amended?", (A,), None),
    ("We received the refusal letter and want to go to mediation first before any appeal.", (A,), None),
    ("Can we get the working document ready before the tribunal hearing on {date}?", (A,), None),
    # annual review
    ("{c}'s annual review is due in {month}, could you tell me who will be attending from the SEND team?", (AR,), None),
    ("I am the SENCO at {school} and we have booked {c}'s annual review for {date}; please could a case officer attend?", (AR,), None),
    ("Please find attached the annual review paperwork for {c} for your decision.", (AR,), None),
    ("We held the annual review on {date} and recommended changes to section F, what happens next?", (AR,), None),
    ("Does the annual review have to be held at school or can it be online?", (AR,), None),
    # provision
    ("Could you tell me who is responsible for arranging the speech and language therapy in {c}'s plan?", (P,), None),
    ("{c}'s plan says {he} should have {service} but I am not sure it has started, can you check?", (P,), None),
    ("We would like to know how the personal budget for {service} works.", (P,), None),
    ("Is the 1:1 support in section F meant to be for the whole school day?", (P,), None),
    # transport
    ("I would like to apply for home to school transport for {c} from September.", (TR,), None),
    ("Could you tell me if {c} is eligible for transport to {school}?", (TR,), None),
    ("The taxi company has changed the pick up time, who should I speak to about this?", (TR,), None),
    ("Can I claim mileage if I drive {c} to school myself?", (TR,), None),
    ("How do I apply for a bus pass for my daughter who is starting college?", (TR,), None),
    # assessment request
    ("I would like to request an EHC needs assessment for my {rel}.", (AS,), None),
    ("How do I ask for an EHCP assessment? School say they cannot meet {his} needs on SEN support.", (AS,), None),
    ("As {c}'s SENCO I am submitting a request for an education, health and care needs assessment; the form and evidence are attached.", (AS,), None),
    ("Can parents request the assessment themselves or does it have to come from school?", (AS,), None),
    ("We have been told the request for assessment went to panel, could you tell me the outcome?", (AS,), None),
    # out of education (not urgent on its own: partial education)
    ("{c} is on a reduced timetable of two hours a day at the moment, is there any extra support available?", (OE,), None),
    ("School have put {c} on a part time timetable and we would like to know how long that can last.", (OE,), None),
    ("We are considering elective home education and wanted to know how that affects the EHCP.", (OE,), None),
    ("{c} has been receiving tuition through the medical needs service, can this continue?", (OE,), None),
    # complaint handling
    ("I submitted a stage 1 complaint on {date}, could you tell me when I should expect a response?", (CH, T), None),
    ("Please can you tell me how to escalate my complaint to stage 2?", (CH,), None),
    ("Could you give me a reference number for the complaint I made last month?", (CH,), None),
    ("Can I go to the Ombudsman now that I have had the stage 2 response?", (CH,), None),
]

DISSATISFIED: list[Fragment] = [
    # timeliness
    ("We are now at week {weeks} and there is still no final plan, the law says 20 weeks.", (T,), None),
    ("The 20 week deadline passed in {month} and nobody has even apologised.", (T,), None),
    ("It has been {weeks} weeks since we asked for an assessment and we have heard nothing, this is completely unacceptable.", (T, AS), None),
    ("The draft plan was due weeks ago and every time I ask I'm told it is 'with the team'.", (T,), None),
    ("Our annual review was in {month} and we still have no decision, it is supposed to be four weeks.", (T, AR), None),
    ("the EP assessment was meant to be done months ago and its still not happened", (T,), None),
    ("WE HAVE BEEN WAITING {weeks} WEEKS FOR THIS PLAN.", (T,), None),
    ("You missed the deadline for the draft plan and you missed the deadline for the final one too.", (T,), None),
    ("Yet again the council has failed to meet the statutory timescales.", (T,), None),
    ("The plan should have been amended by 15 February for transfer and it still has not been.", (T, S), None),
    ("We were promised the amended plan within 8 weeks of the review, it is now month five.", (T, AR), None),
    ("The tribunal ordered you to amend the plan within five weeks and that was {weeks} weeks ago.", (T, A), None),
    ("its been nearly a year since we applied and STILL nothing", (T, AS), None),
    ("Delay after delay after delay.", (T,), None),
    ("why does it take so long, my son is suffering while your waiting list gets longer", (T,), None),
    ("Im fed up of waiting, the plan is overdue and no one seems to care", (T,), None),
    # school place
    ("{school} said they cannot meet {his} needs and yet you have named them in section I.", (S,), None),
    ("We asked for {school} months ago and the council keeps saying there are no places, it is not good enough.", (S,), None),
    ("My daughter is starting year 7 in September and we STILL do not know which school she is going to.", (S, T), None),
    ("The placement you have offered is over an hour away and totally unsuitable.", (S,), None),
    ("You have ignored every school we asked you to consult.", (S,), None),
    ("{c} has been failed by {school} and the council refuses to consider a specialist placement.", (S,), None),
    ("Naming a mainstream school for a child with {his} level of need is ridiculous.", (S,), None),
    ("three schools have said no and nobody is looking for anywhere else", (S,), None),
    ("the school u named dont want him and he knows it", (S,), None),
    # communication
    ("I have emailed {officer} five times and not had a single reply.", (C,), None),
    ("Nobody returns my calls, I have been left on hold for an hour and then cut off.", (C,), None),
    ("Your office has lost the paperwork AGAIN and I am being asked to send everything for the third time.", (C,), None),
    ("The way I was spoken to on the phone was rude and dismissive.", (C,), None),
    ("I get told one thing by the case officer and the complete opposite by the team manager.", (C,), None),
    ("We don't even know who our case officer is, the last one left and nobody told us.", (C,), None),
    ("no one ever gets back to me", (C,), None),
    ("I have been ignored for weeks.", (C,), None),
    ("Nobody keeps us informed about anything, we only find things out when we chase.", (C,), None),
    ("I was promised a call back on Monday and it never came, that is the fourth time.", (C,), None),
    ("your mailbox auto reply says 5 working days, it has been 5 weeks", (C,), None),
    ("Officer was very rude to my wife on the phone and hung up on her.", (C,), None),
    # appeal
    ("We have had no choice but to appeal to the Tribunal.", (A,), None),
    ("We will be taking this to tribunal because your refusal to assess is clearly wrong.", (A, AS), None),
    ("Mediation was a waste of time, the officer had no authority to agree anything.", (A,), None),
    ("The tribunal decision was in our favour months ago and you still have not done what the judge ordered.", (A, T), None),
    ("The council conceded the appeal at the last minute after putting us through months of stress.", (A,), None),
    ("You are wasting public money fighting families at tribunal when you lose 98% of the time.", (A,), None),
    ("our solicitor says we have a strong case and we will see you at the hearing", (A,), None),
    # annual review
    ("The annual review was cancelled twice by the council and now it is overdue.", (AR, T), None),
    ("No one from the SEND team came to the annual review even though you said someone would.", (AR, C), None),
    ("{c}'s plan has not been reviewed for nearly two years.", (AR, T), None),
    ("The annual review paperwork was sent to you in {month} and it has disappeared.", (AR, C), None),
    # provision
    ("{c} has not had any speech and language therapy this year even though it is in section F.", (P,), None),
    ("The 1:1 support in the plan is not being provided, {he} is sitting in the corridor with nobody.", (P,), None),
    ("Section F says weekly OT and {he} has had two sessions since {month}.", (P,), None),
    ("The school says they do not have the funding to deliver the provision in the plan.", (P,), None),
    ("the therapy in his ehcp just isnt happening", (P,), None),
    ("The council has a legal duty to secure the provision and it is not doing so.", (P,), None),
    # transport
    ("The taxi did not turn up again this morning so {c} missed school.", (TR,), None),
    ("Transport has refused to take {c} because {he} has no escort and nobody has arranged one.", (TR,), None),
    ("{c} is on the bus for two hours every day which is far too long for a child with {his} needs.", (TR,), None),
    ("We applied for transport in {month} and it still has not been arranged so I have to drive {him} 40 miles a day.", (TR, T), None),
    ("the driver keeps changing and {c} gets really distressed", (TR,), None),
    # assessment request
    ("You refused to assess {c} even though the school and the paediatrician both supported the request.", (AS,), None),
    ("The decision not to assess completely ignores the evidence we sent.", (AS,), None),
    ("School submitted the request for assessment in {month} and it seems to have vanished.", (AS, C), None),
    # out of education (not urgent: partial)
    ("{c} has been on a part time timetable for a whole term and it is affecting {his} learning.", (OE,), None),
    ("He only gets one hour of tuition a week which is nowhere near a suitable education.", (OE,), None),
    # complaint handling
    ("I made a formal complaint on {date} and have had no acknowledgement.", (CH, C), None),
    ("My stage 1 complaint response is now well overdue.", (CH, T), None),
    ("The response to my complaint did not answer any of the points I raised.", (CH,), None),
    ("I want my complaint escalated to stage 2.", (CH,), None),
    ("I will be going to the Local Government Ombudsman if this is not resolved.", (CH,), None),
    ("Your stage 2 response was late and simply repeated the stage 1 letter.", (CH, T), None),
]

URGENT: list[Fragment] = [
    ("{c} has not been in school since {month} because there is no placement for {him}.", (OE, S), "out of school now"),
    ("{He} has been out of school for {n} weeks now with no education at all.", (OE,), "out of school now"),
    ("{c} was permanently excluded on {date} and has nowhere to go.", (OE, S), "excluded from school"),
    ("{He} is sat at home every day with no education and no school place.", (OE, S), "out of school now"),
    ("We still have no school place for {c} and term started {n} weeks ago.", (S, OE), "no school place"),
    ("{c} hasn't attended school since the summer, {he} can't cope with it any more.", (OE,), "out of school now"),
    ("The school have excluded {him} again and say {he} cannot come back.", (OE,), "excluded from school"),
    ("my son has been at home since easter no school no tutor nothing", (OE,), "out of school now"),
    ("Since the placement broke down {c} has had no education whatsoever.", (OE, S), "out of school now"),
    ("{c} is refusing to go to school and has missed most of this term.", (OE,), "out of school now"),
    ("{c} has started self-harming and told me {he} does not want to be alive.", (), "self-harm"),
    ("Last night {c} said {he} wanted to kill {himself}.", (), "suicidal thoughts"),
    ("{He} has been cutting {himself} and I found marks on {his} arms.", (), "self-harm"),
    ("My {rel} tried to take an overdose at the weekend.", (), "suicidal thoughts"),
    ("I am scared {he} will hurt {himself}, {he} is banging {his} head on the walls every day.", (), "self-harm"),
    ("{c} keeps saying everyone would be better off if {he} was dead.", (), "suicidal thoughts"),
    ("There is a safeguarding concern I need to raise about {c}.", (), "safeguarding concern"),
    ("I cannot keep {him} safe at home anymore, {he} has become violent towards {his} siblings.", (), "safeguarding concern"),
    ("{c} ran away from school yesterday and was found by the police.", (), "safeguarding concern"),
    ("As the SENCO I must flag that {c} disclosed self harm to a member of staff today.", (), "self-harm"),
    ("im so scared she will do something to herself she says she wants to die", (), "suicidal thoughts"),
    ("{c} told {his} teacher that things at home are not safe.", (), "safeguarding concern"),
    ("HE HAS NOT BEEN IN SCHOOL FOR {n} MONTHS.", (OE,), "out of school now"),
    ("she doesnt go to school anymore since january, nobody has done anything", (OE,), "out of school now"),
    ("{c} is a child missing education and has been for {n} weeks.", (OE,), "out of school now"),
]

# Sentences that mention risk words but describe no current risk: urgent stays false.
NOT_URGENT_RISKY: list[Fragment] = [
    ("There are no safeguarding concerns, this is purely about paperwork.", (), None),
    ("{c} is back in school full time and doing really well now.", (), None),
    ("{His} attendance has improved a lot since the new support started.", (), None),
    ("School are really happy with how {he} has settled.", (), None),
]
