"""The plain BCP 47 subtags a course names most, known without loading the IANA registry.

``is_language_tag`` answers a tag made only of these (``en``, ``nb``, ``pt-BR``, ``sr-Latn``,
``zh-Hans-CN``) at once and asks langcodes, whose registry data takes longer to import than the rest
of a small build's checks, about anything else. Every entry is one langcodes 3.5 calls valid and
keeps as written (deprecated codes such as ``iw`` go to langcodes); tests/test_language_tags.py checks
each against langcodes, so this list can be short of the registry but never wider than it.
"""

#: two-letter language subtags (ISO 639-1) that are registered and current
LANGUAGES = frozenset(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz
    ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik
    io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml
    mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd
    se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tn to tr ts tt tw ty ug uk ur uz ve vi vo
    wa wo xh yi yo za zh zu
    """.split()  # noqa: SIM905 (a table to read, not a column of strings)
)

#: two-letter region subtags (ISO 3166-1 and the codes BCP 47 also accepts)
REGIONS = frozenset(
    """
    AA AC AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT
    BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CP CR CU CV CW CX CY CZ DE DG DJ DK DM DO DZ EA EC EE EG
    EH ER ES ET EU EZ FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR
    HT HU IC ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS
    LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO
    NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA QM QN QO QP QQ QR QS QT QV QW QX QY QZ RE RO
    RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TF TG TH TJ TK TL TM TN
    TO TR TT TV TW TZ UA UG UM UN US UY UZ VA VC VE VG VI VN VU WF WS XA XB XC XD XE XF XG XH XI XJ XK XL XM
    XN XO XP XQ XR XS XT XU XV XW XX XY XZ YE YT ZA ZM ZW ZZ
    """.split()  # noqa: SIM905 (a table to read, not a column of strings)
)

#: script subtags of the languages partners teach in (ISO 15924)
SCRIPTS = frozenset(
    """
    Arab Cyrl Deva Ethi Geor Grek Hans Hant Hebr Latn Thaa
    """.split()  # noqa: SIM905 (a table to read, not a column of strings)
)
