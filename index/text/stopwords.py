"""Stopwords: words too common to help find a passage, in their folded form (no accents).

The French list is Snowball's (snowballstem.org, french/stop.txt), folded; question words and a
short English list are added so that "quand …", "pourquoi …" and "who said …" questions search
for what they are about, not for the question word.
"""

_SNOWBALL_FRENCH = """
au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me meme mes
moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un
une vos votre vous c d j l a m n s t y ete etee etees etes etant etante etants etantes suis es est
sommes sont serai seras sera serons serez seront serais serait serions seriez seraient etais etait
etions etiez etaient fus fut fumes futes furent sois soit soyons soyez soient fusse fusses fut
fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai as avons avez ont aurai
auras aura aurons aurez auront aurais aurait aurions auriez auraient avais avait avions aviez
avaient eut eumes eutes eurent aie aies ait ayons ayez aient eusse eusses eussions eussiez eussent
"""

_FRENCH_EXTRA = """
quand pourquoi comment combien quel quelle quels quelles lequel laquelle lesquels lesquelles quoi
est-ce cela cet cette celui celle ceux celles ici la-bas dont tout tous toute toutes aussi
"""

_ENGLISH = """
the of and to in is was were are be been did does do who what when where why how which whom whose
that this these those it its at by for from with as an or
"""

STOPWORDS: frozenset[str] = frozenset((_SNOWBALL_FRENCH + _FRENCH_EXTRA + _ENGLISH).split())
