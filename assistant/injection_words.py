"""Word classes the injection detector (assistant/injection.py) scores, in seven languages.

Matched against folded text: lower case, accents removed ("répondez" is "repondez"). Each entry
is a regex alternative; the classes are kinds of words, not phrases from any one attack.
"""

from __future__ import annotations


def alt(words: str) -> str:
    return "(?:" + "|".join(w.strip() for w in words.split("|") if w.strip()) + ")"


AI = alt(r"""
    ai|a\.i\.|ais|llms?|gpt|chatgpt|copilot|claude|gemini|bard|chatbots?|bots?|assistants?|agents?|machines
    |language models?|ai models?|models?|artificial intelligence|ai systems?|automated agents?|modelli|modelos?|modeles?|modell|modelle|sprachmodell(?:e|en)?|taalmodel(?:len)?
    |modeles? de langage|modelo de lenguaje|modello linguistico|modelo de linguagem
    |assistente|assistenti|asistente|asistentes|assistent|assistenten|ia|l'ia|ki|ki-modell(?:e|en)?
    |intelligenza artificiale|inteligencia artificial|intelligence artificielle|kunstliche intelligenz
    |kunstmatige intelligentie|summari[sz]ers?|transcribers?|translators?|voice assistants?|automated (?:systems?|readers?|tools?)
    """)
"""Names for the model: the addressee an injection talks to."""

AI_NOT_LABEL = alt(r"""
    ai|a\.i\.|llms?|gpt|chatgpt|copilot|claude|gemini|chatbots?|bots?|assistants?|agents?|language models?|ai models?
    |assistente|asistente|assistent|ia|l'ia|ki|summari[sz]ers?|voice assistants?
    """)
"""The names that, alone before a colon, are a speaker: "Assistant: ...". "Model: XPS 13" is a label."""

OVERRIDE_VERB = alt(r"""
    ignore|ignoring|disregard|forget|neglect|set aside|put aside|override|overrule|bypass|circumvent|skip|drop|discard
    |abandon|never mind|pay no attention to|stop following|stop obeying|no longer follow|cancel
    |ignoriere|ignorieren|vergiss|vergessen|missachte|missachten|ubergehe|beachte|beachten
    |ignorez|ignorer|oublie|oubliez|oublier|neglige
    |ignora|ignorar|ignorad|ignore|olvida|olvidar|olvide|olvidad|no hagas caso|omite
    |ignorate|ignorare|dimentica|dimenticate|dimenticare|trascura
    |esqueca|esquecer|esquece|desconsidere|desconsidera
    |negeer|negeren|vergeet|vergeten
    """)

RULES = alt(r"""
    instructions?|prompts?|rules|guidelines|directions|directives|guidance|orders|commands|programming|constraints
    |restrictions|polic(?:y|ies)|safety|filters|(?:the )?user'?s (?:request|question|query|task|message|instructions?)
    |anweisungen|regeln|vorgaben|richtlinien|befehle|consignes|regles|instrucciones|reglas|ordenes|directrices
    |indicaciones|istruzioni|regole|direttive|indicazioni|instrucoes|regras|diretrizes|ordens|instructies|regels
    |richtlijnen|opdrachten
    """)

PRIOR = alt(r"""
    previous|prior|earlier|above|preceding|before|so far|original|until now|everything|all of the above
    |what you (?:were|have been|'ve been) (?:told|given)|what (?:was|has been) said
    |vorherigen?|bisherigen?|obigen?|vorigen?|alles|zuvor
    |precedentes?|ci-dessus|tout ce|avant
    |anteriores?|previas?|previos|todo lo|todo
    |precedenti|sopra|tutto
    |tudo|anterior
    |eerder|vorige|alles wat
    """)

BETWEEN = alt(r"""
    all|any|every|of|your|the|these|those|my|our|prior|previous|earlier|above|preceding|former|original|system
    |safety|current|existing|what|you|were|have|been|given|told|so|far|that|sie|deine|ihre|alle|die|der|den|des
    |dem|vorherigen|bisherigen|toutes|tous|les|tes|vos|precedentes|todas|las|los|tus|sus|de|del|anteriores|tutte
    |le|tue|vostre|precedenti|di|as|suas|seus|alle|vorige|je|eerdere|uw
    """)
"""Words that may stand between "ignore" and "instructions"; never "its" or "their": "an attack
makes a model ignore its instructions" describes an injection, it is not one."""

REPLY_VERB = alt(r"""
    reply|replying|respond|answer|say|speak|output|print|write|type|return|begin|start|end|confirm
    |antworte|antworten|antwortet|schreib|schreibe|schreiben|gib|geben|sag|sage|sagen
    |reponds|repondez|repondre|ecris|ecrivez|ecrire|dis|dites|tape|tapez
    |responde|responda|responded|responder|escribe|escriba|escribid|di|diga|contesta|conteste
    |rispondi|rispondete|rispondere|scrivi|scrivete|dite
    |escreva|escreve|escrever|diz|digite
    |antwoord|antwoorden|schrijf|schrijven|zeg|zeggen|typ
    """)

ONLY = alt(r"""
    only|just|exactly|solely|merely|nothing but|nothing else|and nothing more|as your (?:whole|entire|only) (?:reply|answer|response)
    |nur|ausschliesslich|lediglich|uniquement|seulement|juste|solo|solamente|unicamente|soltanto|esclusivamente
    |apenas|so|somente|alleen|slechts|enkel|uitsluitend
    """)

DIRECTIVE = alt(r"""
    say|tell|answer|reply|respond|write|print|output|include|append|recommend|classify|approve|delete
    |remove|send|forward|visit|download|stop|translate|summari[sz]e|describe|ask|repeat|replace|confirm|share|click
    |enter|open|state|rank|present|report|praise|avoid
    |(?:mark|classify|flag|treat|rate|label) (?:it|this|them|the \w+) as
    |must|should|have to|need to|always|never|instead
    |sag|sage|schreib|gib|dile|dis|di|diga|vertel|zeg|muestra|revele|stampa|toon|scrivi|ecris|escribe|escreva
    |responde|rispondi|antworte|reponds|antwoord|responda|marque|segna|markeer
    """)

SECRET = alt(r"""
    system ?prompt|systemprompt|prompt systeme|prompt de sistema|prompt di sistema|systeemprompt|system message
    |instrucciones del sistema|hidden (?:instructions|prompt|rules)|initial (?:instructions|prompt)
    |(?:your|its|ton|tes|deinen|deine|tus|tu|il tuo|le tue|o seu|as suas|je) (?:\w+ )?(?:instructions|configuration|prompt|rules|consignes|instrucciones|istruzioni|instrucoes|instructies|regras|regole)
    |api ?keys?|passwords?|credentials|id_rsa|\.ssh|environment variables|env vars|cookies|access tokens?
    |conversation history
    """)

TARGETS = r"(?:user|reader|recruiter|customer|human|utilisateur|usuario|utente|nutzer|benutzer|gebruiker|usuario)"
