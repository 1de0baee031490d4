"""Cue lexicons the detectors read: small, documented word lists and patterns.

Each list says what it is for. Patterns are matched case-insensitively against the body
(curly apostrophes are normalised to straight ones first, which keeps offsets unchanged).
Word lists for spelling live in ``app/scoring/data/*.txt``.
"""
from __future__ import annotations

import re

_I = re.IGNORECASE

# ------------------------------------------------------------------ layout

GREETING_RE = re.compile(
    r"^(?:dear|hi|hello|hey|greetings|good (?:morning|afternoon|evening|day)|to whom|hiya|"
    r"bonjour|hola)\b", _I)

CLOSING_PHRASES = frozenset({
    "best", "best regards", "regards", "kind regards", "warm regards", "warmest regards",
    "sincerely", "sincerely yours", "yours sincerely", "yours truly", "yours faithfully",
    "respectfully", "cheers", "thanks", "thank you", "many thanks", "thanks again",
    "thank you again", "with thanks", "with gratitude", "gratefully", "warmly", "warm wishes",
    "all the best", "best wishes", "talk soon", "take care", "cordially", "with appreciation",
    "thanks so much", "thank you so much", "thanks and regards", "best,", "appreciatively",
    "looking forward", "with best regards", "with kind regards", "very best", "all best",
})

# ------------------------------------------------------------------ thanks

# Gratitude cues. "appreciate" after a modal ("I'd appreciate an update") is a request, not thanks.
THANKS_RE = re.compile(
    r"\b(?:thank(?:s|ful|ing)?(?:\s+you)?|thx|appreciat(?:e|ed|es|ing|ion|ive)|grateful|gratitude|"
    r"pleasure|enjoyed\s+(?:\w+\s+)?(?:our|the|my|your)\s+(?:\w+\s+)?(?:conversation|chat|meeting|discussion|talk|"
    r"interview|visit|tour|time\s+with)|enjoyed\s+(?:meeting|speaking|talking|chatting|connecting)\s+with\s+you|"
    r"enjoyed\s+(?:meeting|getting\s+to\s+know)\s+(?:you|the\s+team)|(?:great|good|wonderful|lovely|nice|delightful|a joy|fantastic|inspiring|"
    r"energizing|energising|fun|exciting|a treat|an honou?r|a privilege|rewarding)\s+"
    r"(?:to\s+(?:meet|speak|talk|chat|connect|learn)|meeting|speaking|talking|chatting|connecting)|"
    r"(?:glad|happy|delighted|honou?red|pleased)\s+(?:I|we)\s+(?:got|had|could)\b|"
    r"(?:delighted|pleased|glad|happy|honou?red|privileged)\s+to\s+(?:have\s+)?"
    r"(?:meet|met|speak|spoken|talk|talked|chat|interview|learn)|"
    r"kudos|much obliged)", _I)
THANKS_REQUEST_RE = re.compile(
    r"\b(?:would|'d|could|will|'ll|should)\s+(?:really\s+|greatly\s+|truly\s+)?appreciate\b", _I)
# Words right after a thanks cue that turn it sarcastic or backhanded.
SARCASM_AFTER_RE = re.compile(
    r"^[\s,]*(?:a\s+lot\s+|so\s+much\s+|very\s+much\s+)?(?:,\s*)?(?:for\s+)?(?:nothing|wasting|"
    r"ghosting|ignoring|keeping\s+me\s+(?:waiting|hanging|in\s+the\s+dark)|(?:the\s+)?waste|"
    r"(?:the|this|that|all\s+the)\s+(?:runaround|run-around|silence|wild\s+goose\s+chase|hassle|mess|"
    r"confusion|chaos|delay|wait|nonsense)|stringing\s+me|jerking\s+me|leading\s+me\s+on|"
    r"(?:absolutely\s+)?no(?:thing|\s+reply|\s+response|\s+answer|\s+update|\s+feedback)|"
    r"leaving\s+me|making\s+me\s+wait|not\s+(?:replying|responding|answering|getting\s+back)|"
    r"never\s+(?:replying|responding|answering|getting\s+back)|"
    r"i\s+guess|i\s+suppose|anyway|for\s+once|though\s+not)", _I)
SARCASM_CONTEXT_RE = re.compile(
    r"\b(?:wast(?:e|ed|ing)\s+(?:my|of\s+my)|for\s+nothing|thanks?\s+a\s+lot\s+for\s+(?:nothing|wasting|ghosting)|"
    r"i\s+guess|not\s+that\s+it\s+matters|if\s+you\s+(?:even\s+)?(?:care|bother)|"
    r"sarcas|yeah\s+right|as\s+if)\b", _I)
NEGATION_BEFORE_RE = re.compile(
    r"(?:\b(?:not|never|no|hardly|barely)\b|n't|\bnor\b)\s+(?:\w+\s+){0,2}$", _I)

# ------------------------------------------------------------------ interest and fit

INTEREST_RE = re.compile(
    r"\b(?:interest(?:ed)?\b(?!ing)|excit(?:ed|es|ing)\b|enthusias(?:m|tic)|eager(?:ly|ness)?|keen|"
    r"thrilled|passionate|delighted|motivated|energi[sz]ed|inspired|"
    r"(?:would|'d)\s+(?:still\s+|really\s+|truly\s+|very\s+much\s+|absolutely\s+|certainly\s+)?"
    r"(?:love|like|welcome|relish|jump\s+at|be\s+(?:honou?red|glad|happy|proud|"
    r"thrilled|delighted|excited))\s+(?:to\s+(?:join|be\s+(?:a\s+)?part|be\s+considered|work|contribut|"
    r"bring|take\s+on|start|lead|grow|build|support|help|continue|move\s+forward|be\s+on|become)|"
    r"the\s+(?:opportunity|chance|role|position|job)|at\s+the|for\s+the\s+(?:opportunity|chance|role))|"
    r"(?:hope|hoping|want|wanting|aspire|ready|looking\s+forward)\s+to\s+(?:join|be\s+(?:a\s+)?part|"
    r"contribut|work|bring|help|grow|build|lead|support|be\s+considered|move\s+forward|continue)|"
    r"look(?:ing)?\s+forward\s+to\s+(?:the\s+(?:possibility|prospect|chance|opportunity)|"
    r"(?:joining|contributing|working|bringing|helping|building|being|the\s+next))|"
    r"(?:can't|cannot)\s+wait\s+to|dream\s+(?:job|role|team)|all\s+in\b|"
    r"(?:strong|genuine|real|continued|sincere|keen|great)\s+(?:interest|desire|fit)|"
    r"(?:appeal|appeals|appealing|drawn\s+to|excites\s+me|resonat(?:es|ed))|"
    r"(?:still|remain|very|more|really|truly|highly|most)\s+(?:interested|excited|keen|eager|enthusiastic)|"
    r"(?:eager|excited|keen|thrilled)\s+(?:about|for|to)|want\s+(?:this|the)\s+(?:role|job|position)|"
    r"(?:right|ideal|perfect|best)\s+(?:person|candidate)\s+for|"
    r"(?:need|want)\s+(?:this|the)\s+(?:job|role|position|opportunity|internship|apprenticeship|placement)|"
    r"give\s+me\s+a\s+chance|I\s+(?:still\s+|really\s+|very\s+much\s+)want\b|want\s+(?:it|this|that)\s+"
    r"(?:very\s+much|badly|a\s+lot)|(?:top|first|clear)\s+choice|(?:remain|still)\s+(?:very\s+)?(?:keen|eager|"
    r"committed|enthusiastic)|(?:exactly\s+|just\s+)?what\s+I(?:'ve|\s+have)?\s+(?:been\s+|am\s+|'m\s+)?"
    r"looking\s+for|(?:perfect|great|ideal|natural|logical|exciting)\s+next\s+step|"
    r"(?:would|'d)\s+(?:still\s+|really\s+|very\s+much\s+)?like\s+(?:the|this|to\s+join)\b)",
    _I)
INTEREST_NEGATED_RE = re.compile(
    r"\b(?:no\s+longer|not|n't|never|less|lost|losing)\s+(?:\w+\s+){0,2}(?:interest(?:ed)?|excited|keen|"
    r"eager|sure\s+(?:I|this|the)|a\s+(?:good\s+)?fit)\b|\b(?:withdraw(?:ing)?|reconsider(?:ing)?|"
    r"pull(?:ing)?\s+out|other\s+offers?\s+(?:I|that)|accepted\s+(?:an(?:other)?|a)\s+(?:offer|position|role|job)|"
    r"not\s+(?:sure|convinced)\s+(?:this|the\s+role|it)\s+is\s+(?:the\s+)?(?:right|a\s+good))\b", _I)
FIT_RE = re.compile(
    r"\b(?:experience|experienced|background|skill(?:s|set)?|expertise|track\s+record|"
    r"qualif(?:ied|ication|ications|ies)|certif(?:ied|ication|ications|icate)|degree|"
    r"(?:strong|good|great|natural|ideal|right|perfect|excellent|close)\s+(?:fit|match)|"
    r"fit\s+(?:for|with|well)|well[-\s](?:suited|positioned|equipped|prepared|placed)|"
    r"align(?:s|ed)?\s+(?:with|closely|well)|years\s+(?:of|in|at|as|leading|running|managing)|"
    r"strength(?:s)?|proven|decades?\s+(?:of|in|as|leading)|(?:prepared|equipped|qualified|trained)\s+me|(?:I|I've|I\s+have)\s+(?:led|built|managed|launched|shipped|run|ran|"
    r"grown|grew|designed|developed|delivered|created|implemented|reduced|increased|improved|"
    r"scaled|mentored|trained|earned|spent|worked|taught|coached|overseen|oversaw|automated|"
    r"migrated|handled|supported|cut|saved|raised|negotiated|organi[sz]ed|written|wrote|"
    r"published|completed|founded|owned|drove|driven|headed|been\s+(?:leading|running|managing|"
    r"working|doing)|brought|bring|done|a\s+(?:strong|solid|deep)|deep)|"
    r"(?:I|I'd|I\s+would|I\s+can|I\s+could)\s+(?:bring|contribute|hit\s+the\s+ground|add\s+value|"
    r"make\s+an?\s+(?:immediate\s+)?(?:impact|difference))|my\s+(?:work|time|role|years|tenure|"
    r"career|training|degree|studies|portfolio|record|history)\s+(?:at|as|with|on|in|leading))", _I)

# ------------------------------------------------------------------ enthusiastic close

CLOSE_RE = re.compile(
    r"\b(?:look(?:ing|s)?\s+forward|excit(?:ed|ing)|thrill(?:ed|ing)|eager(?:ly)?|delighted|"
    r"enthusias(?:m|tic)|can't\s+wait|cannot\s+wait|hope\s+to|hoping\s+to|would\s+love|'d\s+love|"
    r"love\s+to|keen|(?:would|'d)\s+be\s+(?:honou?red|glad|happy|proud|privileged|thrilled|"
    r"delighted|excited)|(?:happy|glad|pleased)\s+to\s+(?:join|contribute|help|be|continue|"
    r"discuss|talk|speak|meet|provide|share|answer)|(?:hope|trust)\s+(?:we|I)\s+(?:can|will|'ll|get)|"
    r"(?:all\s+)?the\s+best|fingers\s+crossed|hear(?:ing)?\s+from\s+you\s+soon|"
    r"(?:join|joining)\s+(?:the|your)\s+team|next\s+steps?|(?:great|wonderful|fantastic)\s+"
    r"(?:to|opportunity)|excites?\s+me|(?:can|could)\s+(?:not|n't)\s+be\s+more|energi[sz]ed|"
    r"(?:very|really|truly|so)\s+(?:interested|excited|keen)|opportunity\s+to\s+(?:join|work|"
    r"contribute|be\s+part)|exactly\s+what\s+I(?:'ve|\s+have)?\s+(?:been\s+)?looking\s+for|"
    r"(?:perfect|great|ideal|exciting)\s+next\s+step)", _I)
CLOSE_NEGATIVE_RE = re.compile(
    r"\b(?:not\s+(?:looking\s+forward|excited|holding\s+my\s+breath|expecting)|doubt|"
    r"whatever|if\s+you\s+(?:even\s+)?(?:bother|care)|don't\s+(?:bother|care)|no\s+(?:longer|need)|"
    r"disappoint|frustrat|waste|unless|(?:or|otherwise)\s+I('ll|\s+will)|i\s+guess|probably\s+not)\b",
    _I)

# ------------------------------------------------------------------ patience

# Pushy/demanding, ultimatum, guilt, desperation. Each tuple: (label, pattern).
PATIENCE_FAIL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(p, _I)) for label, p in (
        ("demanding", r"\bi\s+(?:need|demand|require|insist\s+on|must\s+have|expect)\s+(?:an?\s+|to\s+|your\s+|a\s+)?"
                      r"(?:answer|response|reply|decision|update|know|hear|feedback|clarity)\b"),
        ("demanding", r"\b(?:i\s+expect\s+(?:the\s+courtesy|a\s+(?:reply|response|decision|call)|"
                      r"to\s+hear)|(?:the\s+)?courtesy\s+of\s+a\s+(?:reply|response)|"
                      r"(?:emailed|called|written|messaged|reached\s+out|contacted)\s+(?:you\s+)?(?:three|four|five|"
                      r"several|multiple|many|numerous|\d+)\s+times)\b"),
        ("demanding", r"\b(?:asap|a\.s\.a\.p|immediately|right\s+away|at\s+once|without\s+(?:further\s+)?delay|"
                      r"right\s+now|this\s+instant)\b"),
        ("demanding", r"\b(?=you)(?<!if\s)(?<!when\s)(?<!unless\s)(?<!should\s)(?<!whenever\s)"
                      r"(?:you|your\s+team)\s+(?:must\s+(?!be\b|have\s+(?:a|been|had)\b)|need\s+to|have\s+to|should\s+have|owe|still\s+haven't|"
                      r"haven't\s+(?:even|bothered)|never\s+(?:replied|responded|answered|got\s+back))\b"),
        ("demanding", r"\b(?:why\s+(?:haven't|have\s+you\s+not|hasn't|has\s+no\s*one|is\s+it\s+taking|"
                      r"the\s+delay|so\s+long|no\s+(?:reply|response|answer))|what(?:'s|\s+is)\s+taking\s+so\s+long|"
                      r"respond\s+(?:today|now|promptly|immediately)|get\s+back\s+to\s+me\s+(?:today|now|"
                      r"immediately|asap|by))\b"),
        ("demanding", r"\b(?:(?:it's|it\s+has|it\s+have)\s+been\s+(?:\w+\s+){0,3}(?:days|weeks|months)\s+"
                      r"(?:and|with|but|yet)\s+(?:I\s+)?(?:still\s+)?(?:no|nothing|haven't|have\s+not|not)|"
                      r"i\s+still\s+(?:haven't|have\s+not)\s+(?:heard|received|gotten|had))\b"),
        ("demanding", r"\b(?:still\s+waiting|been\s+waiting\s+(?:for\s+)?(?:weeks|days|ages|forever|long\s+enough)|"
                      r"(?:unacceptable|unprofessional|ridiculous|disrespectful|rude|outrageous|"
                      r"absurd|frankly\s+(?:disappointing|insulting)))\b"),
        ("ultimatum", r"\b(?:or\s+else|otherwise\s+I(?:'ll|\s+will|\s+must|\s+am\s+going)|"
                      r"or\s+I(?:'ll|\s+will|\s+am\s+going\s+to|\s+must|\s+shall)\s+(?:\w+\s+){0,3}?"
                      r"(?:accept|take|withdraw|assume|move\s+on|go|consider|pursue|look\s+elsewhere|"
                      r"walk|pull|rescind|decline)|"
                      r"if\s+I\s+(?:don't|do\s+not)\s+hear\s+(?:back\s+)?(?:from\s+you\s+)?(?:by|within|before)|"
                      r"(?:need|want|expect)\s+(?:an?\s+)?(?:answer|response|decision|reply)\s+(?:by|before|within)|"
                      r"final\s+(?:notice|warning|chance|attempt|offer)|last\s+chance|"
                      r"(?:by|before)\s+end\s+of\s+(?:day|week)\s+or|no\s+later\s+than)\b"),
        ("hostility", r"(?:\bthanks\s+for\s+nothing|\bwhatever\s*[.!]|\bwast(?:ed|ing)\s+(?:my|our)\s+(?:\w+\s+)?(?:time|morning|afternoon|evening|day|week|weekend|energy|effort)|"
                      r"\byour\s+loss\b|\bgood\s+luck\s+(?:with\s+that|finding|with\s+your)|"
                      r"\bhave\s+the\s+(?:decency|courtesy)|\bfrankly\b|\bhow\s+dare|"
                      r"\b(?:whether|if)\s+any(?:one|body)\s+(?:actually|even|ever)\s+(?:reads?|cares?|looks?)|"
                      r"\bnobody\s+(?:can|could|will|would|bothered|cared)|\bno\s*one\s+(?:can|could|bothered|cared))"),
        ("demanding", r"\b(?:been\s+waiting\s+(?:for\s+)?(?:\w+\s+){0,2}(?:days|weeks|months)|"
                      r"without\s+(?:a\s+single|any)\s+(?:word|reply|response))\b"),
        ("guilt", r"\b(?:after\s+all\s+(?:the|I|my|that)|the\s+least\s+you\s+(?:could|can)|common\s+courtesy|"
                  r"i\s+(?:deserve|took\s+(?:a\s+day|time)\s+off|turned\s+down|gave\s+up|rearranged|sacrificed)|"
                  r"(?:you|your\s+recruiter)\s+(?:promised|said\s+you\s+would|told\s+me\s+I\s+would)|"
                  r"i\s+was\s+(?:promised|told\s+I\s+would)|it\s+(?:would\s+be|is)\s+(?:only\s+)?(?:fair|decent)|"
                  r"(?:surely|clearly)\s+you|(?:left|leaving)\s+me\s+(?:hanging|in\s+the\s+dark)|"
                  r"i\s+guess\s+you(?:'re|\s+are|'ve|\s+have)?\s*(?:been\s+)?(?:too\s+)?busy|"
                  r"(?:very|quite|rather|deeply|extremely|so)\s+(?:disappointed|frustrated|upset|hurt)|"
                  r"i(?:'m|\s+am)\s+(?:disappointed|frustrated|upset|hurt|offended|annoyed)|"
                  r"ghost(?:ed|ing))\b"),
        ("desperation", r"\b(?:desperate(?:ly)?|begg?(?:ing)?\s+you|i\s+beg|please,?\s+please|"
                        r"i\s+(?:really\s+|truly\s+|badly\s+|so\s+)?need\s+(?:this|the|a)\s+(?:job|role|position|work|"
                        r"income|internship|apprenticeship|placement|opportunity)|"
                        r"(?:family|parents|kids|children|wife|husband)\s+(?:is|are)\s+(?:counting|depending|relying)\s+on\s+me|"
                        r"(?:don't|do\s+not)\s+know\s+what\s+I(?:'ll|\s+will|'d|\s+would)\s+do|"
                        r"something,?\s+anything|"
                        r"i(?:'ll|\s+will)\s+do\s+anything|(?:my\s+)?(?:last|only)\s+hope|can't\s+afford|"
                        r"(?:rent|bills|mortgage)\s+(?:is|are)\s+due|"
                        r"(?:can't|cannot)\s+(?:sleep|stop\s+(?:thinking|checking))|"
                        r"(?:checking|refresh(?:ing)?)\s+my\s+(?:e-?mail|inbox|phone)\s+(?:every|constantly|all)|"
                        r"any\s+(?:news|word|update)\s+at\s+all|anything\s+at\s+all|i(?:'m|\s+am)\s+"
                        r"(?:struggling|worried\s+sick|losing\s+hope|running\s+out))\b"),
    )
)
PATIENCE_FILLER_RE = re.compile(
    r"\b(?:just\s+(?:wanted\s+to\s+|writing\s+to\s+)?(?:check(?:ing)?\s+in|follow(?:ing)?[\s-]+up|"
    r"touch(?:ing)?\s+base|circl(?:e|ing)\s+back|reach(?:ing)?\s+out|ping(?:ing)?|bump(?:ing)?|"
    r"wanted\s+to\s+see)|touch(?:ing|ed)?\s+base|circl(?:e|ing|ed)\s+back|"
    r"bump(?:ing)?\s+(?:this|my|it)(?:\s+up)?|ping(?:ing)?\s+you|"
    r"check(?:ing)?\s+in\s+(?:again|one\s+more\s+time)|following\s+up\s+on\s+my\s+(?:last|previous|earlier)|"
    r"(?:as|per)\s+my\s+(?:last|previous)\s+e-?mail)\b", _I)
# All-caps words that are acronyms, never shouting (interview data and vocabulary add more).
ACRONYMS = frozenset("""
API APIS AWS GCP CEO CTO CFO COO CIO CMO CPO CISO VP SVP EVP HR MBA PHD RN BSN MSN ICU ER NICU
CCRN ACLS BLS PALS HIPAA SQL REST JSON HTML CSS PDF FAQ SKU SKUS KPI KPIS OKR OKRS ROI SAAS B2B
B2C UX UI QA SRE ETL CRM ERP SEO SEM PPC CPA CFA PMP GAAP IFRS SOX SOC GDPR CCPA ISO PCI ESG FDA
NHS CDC NASA NASDAQ NYSE SAP EBITDA ARR MRR CAC LTV GTM PR CI CD DEI LGBTQ STEM USA US UK EU NYC
LA SF DC IT IBM AI ML NLP LLM LLMS GPU CPU RAM SSD AWS IAM VPC ECS EKS GKE AKS CDN DNS TCP IP HTTP
HTTPS SSH TLS SSL JWT OAUTH SSO LDAP YAML XML CSV BI DBA DBT ELT OLAP OLTP NOSQL ASAP FYI EOD RSVP
CV ATS LLC INC LTD PLC CPR EMT EMR EHR CNA LPN NP PA MD DO DDS PT OT SLP RT PACU OR ED PICU
CAD BIM LEED PE EIT HVAC OSHA NCLEX MCAT GRE GMAT SAT ACT TOEFL IELTS CPT ICD AP AR FP FPA
MVP POC RFP RFQ SOW SLA SLAS NDA KYC AML FINRA SEC FCA CFPB IRS HMRC VAT GST P&L PNL COGS OPEX
CAPEX FTE FTES PTO WFH RTO Q1 Q2 Q3 Q4 H1 H2 FY YOY MOM QOQ CRO CX CSAT NPS SMB ENT APAC EMEA
LATAM NA IOS ANDROID GIS GPS IOT AR VR XR NFT RPA CMS LMS HRIS HCM PLM MES PLC SCADA CNC
MRI CT EKG ECG IV PRN STAT TA TL PM PMO SCRUM SAFE JIRA AWS NGO UN WHO UNICEF PTA K12 ESL ELL
IEP SPED ABA BCBA LCSW LMFT CBT DBT PSYD EDD JD LLM LSAT BAR CPA CMA CIA CISA CISSP CCNA
""".split())

# ------------------------------------------------------------------ content matching

STOP_WORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
don't down during each few for from further get got had hadn't has hasn't have haven't having he
he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in
into is isn't it it's its itself let's me more most mustn't my myself no nor not of off on once
only or other ought our ours ourselves out over own same shan't she she'd she'll she's should
shouldn't so some such than that that's the their theirs them themselves then there there's these
they they'd they'll they're they've this those through to too under until up very was wasn't we
we'd we'll we're we've were weren't what what's when when's where where's which while who who's
whom why why's will with won't would wouldn't you you'd you'll you're you've your yours yourself
yourselves just really also well much many may might must shall us one two three lot lots
thank thanks thanked appreciate appreciated grateful dear hi hello best regards sincerely
interview interviewed interviewing conversation chat call meeting yesterday today tomorrow
week weeks day days time opportunity chance role position job team company organization
organisation again still like would love look looking forward hear hearing back soon please know
let make made sure think thought want wanted hope able new great good excited interested
talk talked talking speak spoke speaking discuss discussed discussing mention mentioned
learn learned learning share shared sharing glad happy pleased enjoyed enjoy way thing things
something anything everything bit kind sort quite even ever every really truly especially
mr mrs ms dr
""".split())
# Words so common in follow-up notes that a match on them alone says little.
GENERIC_WORDS = frozenset("""
experience work working worked team teams role skill skills year years project projects manage
manager management lead leading help helping support build building process processes plan
planning improve improving customer customers client clients product products people data
system systems business strong ensure develop development provide question questions answer
answered concern concerns additional information detail details example examples also
""".split())

# Irregular forms mapped to a base before suffix stripping.
IRREGULAR_STEMS = {
    "led": "lead", "built": "build", "ran": "run", "grew": "grow", "grown": "grow", "spoke": "speak",
    "spoken": "speak", "taught": "teach", "wrote": "write", "written": "write", "began": "begin",
    "begun": "begin", "brought": "bring", "thought": "think", "made": "make", "sold": "sell",
    "won": "win", "met": "meet", "kept": "keep", "held": "hold", "felt": "feel", "found": "find",
    "drove": "drive", "driven": "drive", "chose": "choose", "chosen": "choose", "took": "take",
    "taken": "take", "gave": "give", "given": "give", "saw": "see", "seen": "see", "went": "go",
    "gone": "go", "knew": "know", "known": "know", "spent": "spend", "sent": "send", "paid": "pay",
    "bought": "buy", "cut": "cut", "left": "leave", "shook": "shake", "oversaw": "oversee",
    "overseen": "oversee", "children": "child", "people": "person", "women": "woman", "men": "man",
    "analyses": "analysis", "criteria": "criterion", "data": "data", "media": "media",
    "better": "good", "best": "good",
}
# Synonyms folded onto one stem so paraphrase still matches (applied before and after stemming).
SYNONYMS = {
    "k8s": "kubernetes", "postgres": "postgresql", "js": "javascript", "ts": "typescript",
    "colleague": "coworker", "colleagues": "coworker", "coworkers": "coworker", "peer": "coworker",
    "client": "customer", "clients": "customer", "custom": "customer",
    "certificate": "certif", "certified": "certif", "certification": "certif", "certif": "certif",
    "license": "licens", "licence": "licens", "licensed": "licens", "licens": "licens",
    "remote": "remot", "distributed": "remot", "hybrid": "remot",
    "salary": "compens", "pay": "compens", "compensation": "compens", "compens": "compens",
    "relocate": "reloc", "relocating": "reloc", "relocation": "reloc",
    "reloc": "reloc", "start": "start", "starting": "start", "begin": "start", "availab": "availab",
    "available": "availab", "availability": "availab", "notice": "notic",
    "gap": "gap", "break": "gap", "hiatus": "gap", "sabbatical": "gap",
    "ai": "ml", "ml": "ml", "machine": "ml",
    "sale": "sell", "sales": "sell", "selling": "sell", "sell": "sell",
    "portfolio": "portfolio", "samples": "portfolio", "sample": "portfolio",
    "reference": "refer", "references": "refer", "referee": "refer", "referees": "refer", "refer": "refer",
    "budget": "budget", "budgets": "budget", "cost": "cost", "costs": "cost", "spend": "cost",
    "hire": "hire", "hiring": "hire", "recruit": "hire", "recruiting": "hire", "recruitment": "hire",
    "mentor": "mentor", "mentoring": "mentor", "coach": "mentor", "coaching": "mentor",
    "onboard": "onboard", "onboarding": "onboard",
    "shift": "shift", "shifts": "shift",
    "deadline": "deadlin", "deadlines": "deadlin", "deadlin": "deadlin",
    "travel": "travel", "traveling": "travel", "travelling": "travel",
    "weekend": "weekend", "weekends": "weekend", "overtime": "overtime",
    "manag": "manag", "supervis": "manag", "supervise": "manag", "supervising": "manag",
    "supervisor": "manag", "supervisory": "manag", "oversee": "manag", "overseeing": "manag",
    "lead": "lead", "leading": "lead", "leadership": "lead", "leader": "lead",
}

# Nouns that, right after an all-caps word, show it is an acronym ("the FAR section", "SAP system").
ACRONYM_HEAD_NOUNS = frozenset("""
section sections exam exams certification certificate license licence team system systems software
platform module modules score scores level program programme standard standards framework audit
audits compliance project projects report reports rules rule act regulation regulations filing
filings model models tool tools stack course courses credential credentials test tests format
""".split())

# Cues that an additional item is only promised or offered, not supplied ("I will send…").
DEFERRAL_RE = re.compile(
    r"\b(?:(?:will|'ll|can|could|shall|plan\s+to|going\s+to|am\s+happy\s+to|'m\s+happy\s+to|happy\s+to|"
    r"would\s+be\s+(?:happy|glad)\s+to)\s+(?:\w+\s+)?(?:send|share|forward|provide|give|get|pass|bring|"
    r"follow\s+up)|once\s+(?:\w+\s+){0,4}(?:approves?|ready|available|finished|done|cleared)|"
    r"still\s+(?:putting|working|pulling|finali[sz]ing|waiting|gathering)|separately|"
    r"(?:up)?on\s+request|if\s+you\s+(?:would\s+like|want|need)|in\s+a\s+(?:few\s+)?(?:days?|weeks?)|"
    r"next\s+week|later\s+(?:this|today|on))\b", _I)


def _lowercase_cue(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern for lower-cased text: several times faster than IGNORECASE on CPython.
    (No pattern here uses an upper-case escape such as \\S or \\W, so lowering the source is safe.)"""
    return re.compile(pattern.pattern.lower())


# The detectors run these on ``Note.low``, the lower-cased note.
THANKS_RE = _lowercase_cue(THANKS_RE)
THANKS_REQUEST_RE = _lowercase_cue(THANKS_REQUEST_RE)
SARCASM_AFTER_RE = _lowercase_cue(SARCASM_AFTER_RE)
SARCASM_CONTEXT_RE = _lowercase_cue(SARCASM_CONTEXT_RE)
NEGATION_BEFORE_RE = _lowercase_cue(NEGATION_BEFORE_RE)
INTEREST_RE = _lowercase_cue(INTEREST_RE)
INTEREST_NEGATED_RE = _lowercase_cue(INTEREST_NEGATED_RE)
FIT_RE = _lowercase_cue(FIT_RE)
CLOSE_RE = _lowercase_cue(CLOSE_RE)
CLOSE_NEGATIVE_RE = _lowercase_cue(CLOSE_NEGATIVE_RE)
PATIENCE_FAIL_PATTERNS = tuple((label, _lowercase_cue(p)) for label, p in PATIENCE_FAIL_PATTERNS)
PATIENCE_FILLER_RE = _lowercase_cue(PATIENCE_FILLER_RE)
DEFERRAL_RE = _lowercase_cue(DEFERRAL_RE)
