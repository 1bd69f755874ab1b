"""Norsk bokmål."""

from smab_pack.extension import Language
from smab_pack.hookspecs import hookimpl

STRINGS = {
    "skip_to_content": "Hopp til innholdet",
    "contents": "Innhold",
    "progress": "Framdrift i kurset",
    "page_navigation": "Sidenavigasjon",
    "previous": "Forrige",
    "next": "Neste",
    "page_of": "Side {n} av {total}",
    "score": "Poeng {score} %",
    "points": "{earned} av {total} poeng",
    "passed": "bestått",
    "failed": "ikke bestått ennå",
    "check_answer": "Sjekk svaret",
    "try_again": "Prøv quizen på nytt",
    "your_answer": "Ditt svar",
    "choose_first": "Velg et svar først.",
    "correct": "Riktig.",
    "incorrect": "Ikke helt.",
    "correct_answer": "Svaret er: {answer}",
    "practice": "Øvingsquiz: den teller ikke med i poengsummen din.",
    "standalone": "Fant ingen læringsplattform: framdriften din lagres bare i denne nettleseren.",
    "resumed": "Velkommen tilbake! Du fortsetter der du slapp.",
    "exit": "Avslutt",
    "lms_unreachable": "Kurset fikk ikke kontakt med læringsplattformen: framdriften din lagres bare i denne nettleseren.",
    "lms_refused": "Læringsplattformen avviste denne oppstarten: framdriften din lagres bare i denne nettleseren. Start kurset på nytt fra plattformen.",
    "lms_session_used": "Denne lenken er allerede brukt: start kurset på nytt fra læringsplattformen for å lagre framdriften.",
    "callout_note": "Merk",
    "callout_tip": "Tips",
    "callout_warning": "Advarsel",
    "callout_important": "Viktig",
}


@hookimpl
def smab_languages():
    return [Language(tag="nb", name="Norsk bokmål", english_name="Norwegian Bokmål", strings=STRINGS)]
