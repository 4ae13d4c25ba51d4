"""The default vocabulary of churn reasons: what customers of shops and subscription businesses
write when they leave, in English and Dutch, as regular expressions over normalised text (lower
case, accents removed). See ``docs/reasons.md`` for each category with examples.

Each category has ``patterns`` (any match places a text in it) and ``negatable`` patterns: words
of complaint that a negation before them ("not expensive", "niet te duur") or a positive verdict
after them ("the app is fine") cancels. ``weak`` patterns (general dissatisfaction) count only when
no other category matches. Dutch compounds are matched by their parts: a pattern without a leading
word boundary matches inside a word (``kosten`` in "verzendkosten"), one with it at the start of a
word (``\\bprijs`` in "prijsverhoging").
"""

from __future__ import annotations

#: The categories, in the order that breaks a tie between two matches at the same place in a text.
CATEGORIES = ("involuntary", "no_reason", "better_offer", "price", "service", "quality", "convenience",
              "no_longer_needed")

#: Reasons the business cannot influence, or no reason at all: left out of "reasons to fix".
NOT_FIXABLE = ("involuntary", "no_reason")

_WORDS_TO_NEGATION = r"(?:(?!(?:but|maar|and|en|though|however)\b)[\w'-]+\s+){0,3}"

#: A negation a few words before a complaint (stopping at "but", "maar", "and", "en").
NEGATION = r"\b(?:not|niet|never|nooit|no|geen|nothing|niets|without|zonder)\s+" + _WORDS_TO_NEGATION

#: A positive verdict right after a word: "the app is fine", "de prijs was prima".
APPROVAL = r"(?:\s+[\w'-]+)?\s+(?:is|was|are|were|zijn|waren|blijft|bleef)\s+(?:fine|ok|okay|good|great|prima|goed|in orde|redelijk|reasonable|uitstekend|excellent)\b"

VOCABULARY: dict[str, dict[str, list[str]]] = {
    "involuntary": {
        "patterns": [
            r"(?:going|gaan|ga) (?:to )?(?:live|wonen) (?:in|abroad)", r"living abroad", r"naar het buitenland", r"verzorgingshuis", r"verpleeghuis", r"care home", r"nursing home", r"closed (?:permanently|for good)", r"(?:shop|store|winkel|zaak|business) (?:has )?(?:closed|gesloten)", r"direct debit (?:bounced|failed|returned)", r"\bbounced\b", r"\bop reis\b", r"for a year abroad", r"wereldreis", r"sabbatical", r"payment problems", r"betalingsproblemen", r"betaalachterstand", r"moved back (?:home|in with)", r"terug naar (?:huis|mijn ouders)", r"overgenomen", r"taken over", r"broken (?:leg|arm|ankle|wrist|hip)", r"gebroken (?:been|arm|enkel|pols)", r"recovering", r"herstel(?:len)? van",
            r"verhui[sz]", r"\bemigr", r"\brelocat", r"\babroad\b", r"buitenland", r"\boverseas\b",
            r"\bmov(?:ed|ing) (?:house|home|abroad|away|out|overseas|country|in with)",
            r"\bmov(?:ed|ing) to (?:a |an )?(?:new|different|another|other) (?:city|town|country|house|home|area|"
            r"address|region|place|state)",
            r"^(?:we |i )?(?:have )?mov(?:ed|ing)$", r"samenwonen", r"moving in with",
            r"overl(?:eden|ijden)", r"\bdeceased\b", r"\bdied\b", r"passed away", r"\bdeath\b", r"gestorven",
            r"\bdood\b",
            r"business (?:closed|ended|stopped)", r"company (?:closed|went bankrupt|ceased|shut|stopped)",
            r"closed down", r"out of business", r"bankrupt", r"failliet", r"faillissement", r"opgeheven",
            r"(?:ceased|stopped) trading", r"(?:bedrijf|onderneming|zaak|winkel) (?:is )?(?:gestopt|gesloten|dicht)",
            r"payment (?:failed|failure|declined|bounced)", r"failed payment", r"betaling (?:mislukt|geweigerd)",
            r"incasso (?:mislukt|geweigerd|gestorneerd|teruggeboekt)", r"storno", r"card (?:was )?(?:declined|expired)",
            r"(?:kaart|pas) (?:is )?(?:verlopen|geweigerd)", r"expired card", r"insufficient funds",
            r"onvoldoende saldo", r"unable to pay", r"wanbetaling", r"non-?payment", r"schuldsanering",
            r"\bschulden\b", r"\bdebt", r"bewindvoering",
            r"\bziek", r"\billness", r"\bsick\b", r"ill health", r"\binjur", r"blessure", r"zwanger", r"pregnan",
            r"\bsurgery\b", r"\boperatie\b", r"hospital", r"ziekenhuis",
        ],
    },
    "no_reason": {
        "patterns": [
            r"^idk$", r"^dunno$", r"geen opgave", r"leave me alone", r"laat me met rust", r"gaat (?:je|u) niets aan", r"none of your business", r"just because", r"^zomaar$", r"^because$", r"unknown reason", r"onbekende reden", r"reden onbekend", r"wil ik niet zeggen", r"(?:don'?t|do not) want to say", r"won'?t say",
            r"^(?:i )?(?:don'?t|do not|dont) know$", r"^unknown$", r"^(?:ik )?weet (?:ik )?(?:het )?niet$",
            r"^(?:geen|no) (?:idee|idea|reden|reason|opgave|comment|commentaar)$", r"^n ?/ ?a$", r"^na$",
            r"^n\.? ?v\.? ?t\.?$", r"^none$", r"^geen$", r"^nothing$", r"^niets$", r"^nee$", r"^no$", r"^x+$",
            r"^other(?: reasons?)?$", r"^others$", r"^anders$", r"^overig(?:e)?$", r"^andere reden(?:en)?$",
            r"^[-.?!*_/ ]+$",
            r"personal reasons?", r"persoonlijke (?:redenen|reden|omstandigheden)", r"^personal$", r"^priv[eé]$",
            r"prefer not to say", r"(?:zeg|vertel) ik liever niet", r"^liever niet$", r"rather not say",
            r"no particular reason", r"geen specifieke reden", r"not specified", r"unspecified",
            r"niet (?:opgegeven|ingevuld|vermeld)", r"not given", r"(?:don'?t|do not) know why",
        ],
    },
    "better_offer": {
        "patterns": [
            r"\bcheaper\b", r"\bgoedkoper\b", r"\binstead\b", r"in plaats van", r"\balternati", r"more to offer", r"meer te bieden", r"deal (?:from|with|at|bij|van)", r"aanbieding (?:bij|van)", r"\b(?:greenchoice|youfone|simyo|lebara|budget energie|prime video|teams|slack|google|microsoft|apple|marley spoon|ekomenu|viaplay|nrc|volkskrant|telegraaf|trouw|ad\.nl)\b",
            r"concurr?ent", r"\bcompetit(?:or|ion)", r"\belsewhere\b", r"\belders\b",
            r"\b(?:another|other|different|andere?) (?:provider|supplier|aanbieder|leverancier|company|bedrijf|gym|"
            r"sportschool|shop|webshop|winkel|store|service|tool|app|crm|carrier|network|netwerk|maaltijdbox|box|"
            r"krant|platform|energieleverancier|provider|abonnement|streamingdienst|dienst|club)",
            r"\bswitch(?:ed|ing)?\b", r"overgestapt", r"\boverstap", r"overgegaan", r"\bbij een andere\b",
            r"\b(?:moved|changed|went|gone|going|ga|ging|gaan)\s+(?:over\s+)?(?:to|with|naar)\s+(?:a |an |the |een )?"
            r"(?:cheaper|better|other|another|different|new|goedkopere|betere|andere|nieuwe)",
            r"\bbetter (?:deal|offer|price|option|alternative|package)", r"\bbetere? (?:deal|aanbieding|aanbod|prijs|optie)",
            r"\bcheaper (?:alternative|provider|option|shop|supplier|deal|gym|plan|store)",
            r"\bgoedkopere? (?:aanbieder|leverancier|alternatief|winkel|optie|sportschool|abonnement)",
            r"found (?:a |an )?(?:better|cheaper|gym|shop|provider|alternative)", r"\bgevonden bij\b",
            r"\b(?:more|meer) (?:data|gb|minutes|minuten|speed|snelheid|channels|zenders|content)\b.{0,30}"
            r"(?:for less|voor minder|elsewhere|elders|at another|bij een andere|same price|zelfde prijs)",
            r"(?:faster|snellere?) internet (?:elsewhere|elders|bij)",
            r"welcome (?:discount|bonus|offer|deal)", r"welkomstkorting", r"sign-?up (?:bonus|deal|discount)",
            r"new customers? (?:get|deal|discount|offer)", r"nieuwe klanten (?:krijgen|korting)", r"introductory",
            r"\bbundle", r"combined with", r"in combinatie met", r"alles[- ]?in[- ]?(?:1|een|één)",
            r"\bgratis (?:online|elders|bij)", r"free (?:online|elsewhere|alternative|version|at)",
            r"\b(?:bol|bol\.com|coolblue|amazon|zalando|netflix|videoland|disney\+?|hbo|spotify|odido|kpn|ziggo|"
            r"vodafone|t-mobile|tele2|eneco|vattenfall|essent|basic-?fit|hellofresh|picnic|albert heijn)\b",
            r"gekozen voor (?:een )?andere", r"\b(?:going|gone|went) with\b", r"closer to (?:home|work)",
            r"offered (?:me )?(?:a )?(?:better|lower|cheaper)",
        ],
    },
    "price": {
        "patterns": [
            r"\bcost(?:ly|s)?\b", r"kostbaar", r"bedrag", r"contributie", r"verdubbeld", r"doubled", r"raised", r"\braise[sd]?\b", r"(?:went|gone|going|gaat|ging) (?:up|omhoog)", r"\bpay(?:ing)? (?:more|too much|extra)", r"betaal (?:te veel|meer)", r"te veel betalen", r"charged twice", r"dubbel (?:betaald|afgeschreven)", r"double charged", r"roaming", r"opbrengen",
            r"expensiv", r"\bdu+u*r(?:der)?\b", r"prijzig", r"\bpric(?:e|es|ey|y|ing)\b", r"\bprij[sz]",
            r"kosten", r"\bcosts?\b", r"\bfees?\b", r"\bcharges?\b", r"\bcharged\b", r"surcharge", r"toeslag",
            r"\bbills?\b", r"\bbilling\b", r"(?:hoge|dure) rekening", r"rekening (?:te|is|was|veel|steeds|omhoog|hoger)",
            r"factu+r", r"\btarie?f", r"\btarieven\b", r"\btariff", r"\bafford", r"kan (?:het |dit )?niet (?:meer )?betalen",
            r"bezuinig", r"cut(?:ting)? (?:back|costs?)", r"save money", r"besparen", r"overpriced",
            r"too much money", r"te veel geld", r"(?:not|niet) (?:\w+ )?worth", r"niet waard", r"value for money",
            r"\bincrease", r"verhoging", r"stijging", r"gestegen", r"went up", r"too high", r"te hoog", r"\bbudget\b",
            r"geld\b", r"\bmoney\b",
        ],
        "negatable": [r"expensiv", r"\bdu+u*r(?:der)?\b", r"prijzig", r"\bpricey\b", r"overpriced", r"too high",
                      r"te hoog", r"\bpric(?:e|es|ing)\b", r"\bprij[sz]", r"kosten", r"\bcosts?\b"],
    },
    "service": {
        "patterns": [
            r"\bhelps?\b", r"\bhulp\b", r"ticket", r"without (?:a |any )?(?:reply|response|answer)", r"zonder (?:antwoord|reactie)", r"klantcontact", r"contact met", r"(?:not|never|niet|nooit) (?:\w+ ){0,2}(?:solved|fixed|opgelost)", r"probleem (?:\w+ ){0,3}niet op", r"(?:lossen|losten) (?:\w+ ){0,3}niet", r"transferred", r"doorverbonden", r"doorgeschakeld", r"afspraken (?:worden |werden )?niet (?:na)?gekomen", r"broken promises", r"only in english", r"alleen (?:in het )?engels", r"bezorger", r"delivery (?:guy|man|driver|person)", r"courier", r"onbeschoft", r"ignored", r"negeer", r"genegeerd",
            r"service(?!kosten| ?costs?| ?fees?| ?charges?|gebied| area)", r"klante?n?(?:service|dienst)",
            r"customer (?:care|support)", r"\bsupport\b", r"help ?desk", r"servicedesk", r"\bstaff\b", r"personeel",
            r"medewerker", r"employee", r"\bagents?\b", r"\brude\b", r"onvriendelijk", r"unfriendly", r"impolite",
            r"onbeleefd", r"arrogant", r"unhelpful", r"not helpful", r"attitude", r"houding",
            r"(?:no|geen|never (?:got|received|had) (?:an? )?|nooit (?:een )?)(?:answer|antwoord|reply|response|reactie)",
            r"(?:never|not|niet|nooit) (?:been )?(?:answered|beantwoord)", r"onbeantwoord", r"(?:no ?one|nobody) answered",
            r"(?:did ?n'?t|did not|does ?n'?t|does not|never|niet|nooit) (?:respond|reply|reageer|reageren|reageerde)",
            r"reage(?:er|ert|erde|ren) (?:niet|nooit)", r"\bon hold\b", r"\bwait(?:ed|ing)?\b", r"wachttijd",
            r"\bwachten\b", r"in de wacht", r"complain", r"klacht", r"(?:not|niet|nooit|never) (?:ge)?hol?pen",
            r"niet geholpen", r"no help", r"geen hulp", r"geen verstand", r"no clue", r"clueless", r"incompetent",
            r"onkundig", r"did ?n'?t know what", r"did not know what", r"wist(?:en)? niet", r"communicat",
            r"call(?:ed)? (?:me )?back", r"terug ?gebeld", r"terugbellen", r"\bchat\b", r"\btreated\b", r"behandel",
            r"\btrainers?\b", r"instructeur", r"instructor", r"\bcoach", r"onbereikbaar", r"unreachable",
            r"could not reach", r"niet bereikbaar", r"ander verhaal", r"different stor(?:y|ies)",
            r"(?:wrong|verkeerde) (?:information|informatie|advice|advies)",
        ],
        "negatable": [r"\brude\b", r"onvriendelijk", r"unfriendly"],
    },
    "quality": {
        "patterns": [
            r"valt (?:\w+ ){0,2}weg", r"vallen weg", r"drops? out", r"keeps dropping", r"typos", r"taalfouten", r"spelfouten", r"squashed", r"geplet", r"arrived (?:warm|damaged|broken|late and warm)", r"out of order", r"buiten gebruik", r"fell apart", r"uit elkaar", r"never did what", r"doet niet wat", r"did not do what", r"not as (?:promised|advertised|described)", r"beloofd", r"promised", r"\bkeus\b", r"\bkeuze\b", r"\bchoice\b", r"selection", r"onderbreking", r"interruption", r"black-?out", r"stroomstoring", r"data (?:gets |got |is |was )?lost", r"data ?verlies", r"gegevens (?:kwijt|verloren)", r"\bwifi\b",
            r"kwalit", r"qualit", r"defect", r"faulty", r"kapot", r"\bbroke", r"\bstuk\b", r"damaged", r"beschadigd",
            r"unreliable", r"onbetrouwba", r"outage", r"storing", r"uitval", r"\bviel\b.{0,12}\buit\b",
            r"\bvalt\b.{0,12}\buit\b", r"down ?time", r"\boffline\b", r"disconnect", r"verbinding", r"bereik",
            r"coverage", r"dekking", r"signa(?:l|al)", r"glasvezel", r"no fib(?:er|re)", r"dropped calls",
            r"gesprekken vallen weg", r"traag", r"\bslow", r"sluggish", r"crash", r"\bbugs?\b", r"buggy", r"glitch",
            r"freez", r"loopt vast", r"vastlopen", r"technical (?:problems?|issues?)", r"technische (?:problemen|storing)",
            r"problems? with", r"problemen met", r"\bcontent\b", r"\bfilms?\b", r"\bseries\b", r"nothing (?:good )?to watch",
            r"(?:niks|niets) (?:leuks )?te (?:kijken|zien|lezen)", r"articles?", r"artikel", r"journalist",
            r"one-?sided", r"eenzijdig", r"biased", r"\bads\b", r"advertenties", r"reclame", r"smaak", r"smakeloos",
            r"tasteless", r"\bbland\b", r"\btaste", r"spoiled", r"bedorven", r"rotten", r"niet vers", r"not fresh",
            r"portion", r"porties?", r"\brecept(?:en)?\b", r"recipe", r"\bmeals?\b", r"maaltijd", r"equipment", r"apparat",
            r"toestellen", r"\bmachines\b", r"\bvies\b", r"dirty", r"smerig", r"filthy", r"unclean", r"hygi[eë]n",
            r"features", r"functionalit", r"\bfuncties\b", r"video quality", r"beeldkwaliteit", r"buffer",
            r"meterstand", r"meter reading", r"klopte?n? (?:nooit|niet)", r"\bincorrect\b", r"\bsaai\b", r"boring",
            r"doesn'?t work", r"does not work", r"did ?n'?t work", r"werkte? niet", r"deed het niet",
            r"app (?:keeps |kept )?(?:crash|freez|hang)", r"app (?:is|was) (?:buggy|unstable|slow|traag)",
            r"(?:slecht|bad|poor) product", r"te weinig (?:nieuwe )?(?:films|series|content|keuze|aanbod)",
        ],
        "negatable": [r"kwalit", r"qualit", r"problems?", r"problemen", r"\bslow", r"traag", r"unreliable",
                      r"onbetrouwba", r"ontevreden", r"dissatisf", r"disappoint", r"teleurgesteld"],
        "weak": [r"dissatisf", r"ontevreden", r"not (?:happy|satisfied|pleased)", r"niet (?:tevreden|blij)",
                 r"teleurgesteld", r"disappoint", r"(?:viel|valt) tegen", r"unhappy"],
    },
    "convenience": {
        "patterns": [
            r"too many (?:steps|clicks)", r"te veel (?:stappen|klikken)", r"pakketpunt", r"pakketautomaat", r"\bparcel", r"times i can'?t", r"(?:lestijden|tijden) (?:die )?(?:niet|slecht)", r"schedule", r"rooster", r"closed on", r"(?:dicht|gesloten) op", r"\bsundays?\b", r"\bzondag", r"log in every time", r"steeds (?:opnieuw )?inloggen", r"arrives? (?:after|too late|late)", r"komt te laat", r"te laat (?:bezorgd|binnen)", r"skip (?:a )?(?:week|delivery|box)", r"overslaan", r"checkout", r"afrekenen", r"(?:gegevens|details|adres) (?:te )?wijzigen", r"change my (?:details|address)", r"maandelijks (?:kunnen )?opzeggen", r"opzeggen per maand",
            r"website", r"\bsite\b", r"\bapps?\b", r"hard to use", r"difficult to use", r"moeilijk", r"ingewikkeld",
            r"complicated", r"confusing", r"verwarrend", r"omslachtig", r"gedoe", r"hassle", r"cumbersome",
            r"(?:not|niet) user[- ]?friendly", r"user[- ]?unfriendly", r"gebruiksonvriendelijk", r"onhandig",
            r"inconvenient", r"not convenient", r"self[- ]?service", r"\bportal\b", r"portaal", r"mijn omgeving",
            r"online account", r"manage my account", r"account online", r"\blog ?in", r"inlog",
            r"bezorg", r"deliver", r"afhaalpunt", r"pick-?up point", r"levertijd",
            r"opening ?(?:hours|times)", r"openingstijden", r"too far", r"te ver", r"ver weg", r"far away",
            r"\bdistance\b", r"afstand", r"reistijd", r"travel time", r"\bpark(?:ing|eer|eren)", r"pauzeren",
            r"\bpause\b", r"flexib", r"opzegbaar", r"can stop", r"stop (?:it )?monthly", r"contract (?:too long|te lang)",
            r"(?:vast|lang) contract", r"jaarcontract", r"\bideal\b", r"payment options?", r"betaalmogelijkhe",
            r"betaalmethode", r"betalen met", r"opzeggen (?:via|was|is|ging)", r"cancel(?:ling|lation)? (?:was|is) (?:hard|difficult)",
            r"change my plan", r"wijzigen", r"verkeerde moment", r"(?:wrong|inconvenient) time",
        ],
        "negatable": [r"\bapps?\b", r"website", r"complicated", r"ingewikkeld", r"hard to use", r"moeilijk"],
    },
    "no_longer_needed": {
        "patterns": [
            r"\banymore\b", r"\bany more\b", r"\bniet meer\b", r"\bgeen (?:\w+ ){1,2}meer\b", r"(?:own|eigen) (?:gym|home gym)", r"at home now", r"thuis sporten", r"(?:buiten|uit) de deur", r"only (?:subscribed|signed up) for", r"alleen voor (?:het|de)", r"world cup", r"voor het (?:wk|ek)", r"team shrank", r"fewer (?:people|users)", r"minder (?:mensen|gebruikers|medewerkers)", r"kleiner team", r"not enough use", r"te weinig gebruik", r"to justify", r"don'?t watch", r"kijk (?:geen|niet meer)", r"lees geen",
            r"no longer need", r"(?:don'?t|do not|dont) need", r"\bno need\b", r"not needed", r"niet (?:meer )?nodig",
            r"geen behoef", r"hoef(?:t|de)? (?:het |dit )?niet meer", r"\bhardly\b", r"\bbarely\b", r"\brarely\b",
            r"\bseldom\b", r"nauwelijks", r"bijna nooit", r"\bzelden\b", r"weinig gebruik", r"little use",
            r"(?:don'?t|do not|dont) use", r"not using", r"niet meer gebruik", r"gebruik(?:te)? (?:het |dit )?(?:bijna )?"
            r"(?:nooit|niet)", r"no time", r"geen tijd", r"too busy", r"te druk met", r"het (?:te |erg )?druk",
            r"project (?:finished|ended|done|completed|is over)", r"project (?:is )?(?:afgerond|klaar|be[eë]indigd)",
            r"lost interest", r"geen interesse", r"interesse (?:verloren|kwijt)", r"not interested",
            r"niet (?:meer )?ge[iï]nteresseerd", r"only needed", r"alleen nodig", r"(?:one|een|één) seizoen",
            r"one season", r"tijdelijk", r"temporar", r"seasonal", r"kids (?:have )?left", r"kinderen (?:zijn )?uit huis",
            r"empty nest", r"cook(?:ing)? for myself", r"cook less", r"minder koken", r"zelf koken",
            r"stopped (?:working out|playing|cooking|going|training|reading|using)", r"gestopt met",
            r"read (?:the news )?on my (?:phone|tablet)", r"lees (?:het )?(?:nieuws )?op (?:mijn|m'?n) (?:telefoon|mobiel)",
            r"was (?:genoeg|enough)", r"genoeg gehad", r"\bretired\b", r"met pensioen",
        ],
    },
}
