"""An example offer translated into Arabic and Persian (machine-assisted, as the seed would load it), so the
browser tests see an offer page with all five texts translated, right to left."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import select

from directory.extensions import db
from directory.models import Offer
from directory.models.translation import content_hash
from directory.services.translations import load_offer_translations

EXTERNAL_ID = "demo-abiturvorbereitung-stadtfeld"
TEXTS = {
    "ar": {
        "title": "التحضير لامتحان الثانوية العامة (Abitur) في الرياضيات والإنجليزية",
        "summary": "دورات للتحضير لامتحان Abitur في الرياضيات والإنجليزية، في مجموعات صغيرة أو بشكل فردي.",
        "description": "تبدأ الدورات في يناير وتستمر حتى الامتحانات. نراجع المواضيع المهمة ونتدرّب على أسئلة "
        "امتحانات سابقة.\n\nالدروس الفردية ممكنة أيضًا.",
        "how_to_access": "سجّل عبر الإنترنت أو بالهاتف. مدة العقد شهر واحد على الأقل.",
        "limitations": "بمقابل مادي. لا تُقبل هنا مساعدات «Bildung und Teilhabe» (BuT).",
    },
    "fa": {
        "title": "آمادگی برای امتحان دیپلم (Abitur) در ریاضی و انگلیسی",
        "summary": "کلاس‌های آمادگی برای امتحان Abitur در ریاضی و انگلیسی، در گروه‌های کوچک یا به‌صورت فردی.",
        "description": "کلاس‌ها از ژانویه تا زمان امتحان‌ها برگزار می‌شوند. مباحث مهم را مرور می‌کنیم و با "
        "سؤال‌های امتحان‌های سال‌های قبل تمرین می‌کنیم.\n\nکلاس خصوصی هم امکان‌پذیر است.",
        "how_to_access": "به‌صورت آنلاین یا تلفنی ثبت‌نام کنید. هر قرارداد دست‌کم یک ماه اعتبار دارد.",
        "limitations": "هزینه دارد. کمک‌هزینه‌ی «Bildung und Teilhabe» (BuT) در اینجا پذیرفته نمی‌شود.",
    },
}


def add_translated_offer(folder: Path) -> str:
    """Load the translations through the seed's loader (in the app context); the offer's slug."""
    offer = db.session.execute(select(Offer).filter_by(external_id=EXTERNAL_ID)).scalar_one()
    for locale, texts in TEXTS.items():
        entry = {"de_hash": content_hash("offer", offer), **texts}
        (folder / f"offers.{locale}.yaml").write_text(
            yaml.safe_dump({EXTERNAL_ID: entry}, allow_unicode=True), encoding="utf-8"
        )
    load_offer_translations(folder)
    db.session.commit()
    return offer.slug
