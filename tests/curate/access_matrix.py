"""Who may use which back-office route: the table the access-matrix test checks every /curate rule against.

Every endpoint under /curate must have an entry, or tests/test_curate_access.py fails. An entry:
- "methods": the HTTP methods the route answers (HEAD and OPTIONS aside);
- one key per role plus "anonymous": True if allowed (the view runs: anything but a 403 or a log-in redirect);
- optional "args": values for the URL's variables (default: a random UUID, 999999, or "does-not-exist");
- optional "ends_session": True for routes that log the user out (tested last for each role).
Anonymous visitors are sent to the log-in page by every route that is not open to them.
"""

from __future__ import annotations

ROLES_AND_ANONYMOUS = ("anonymous", "contributor", "editor", "admin")

EVERYONE = {"anonymous": True, "contributor": True, "editor": True, "admin": True}
SIGNED_IN = {"anonymous": False, "contributor": True, "editor": True, "admin": True}
EDITORS = {"anonymous": False, "contributor": False, "editor": True, "admin": True}
ADMINS = {"anonymous": False, "contributor": False, "editor": False, "admin": True}

ACCESS: dict[str, dict] = {
    # log-in and account
    "curate.login": {"methods": {"GET", "POST"}, **EVERYONE},
    "curate.login_totp": {"methods": {"GET", "POST"}, **EVERYONE},
    "curate.logout": {"methods": {"POST"}, **SIGNED_IN, "ends_session": True},
    "curate.dashboard": {"methods": {"GET"}, **SIGNED_IN},
    "curate.account": {"methods": {"GET"}, **SIGNED_IN},
    "curate.change_password": {"methods": {"POST"}, **SIGNED_IN},
    "curate.totp_enrol": {"methods": {"GET", "POST"}, **SIGNED_IN},
    "curate.recovery_codes": {"methods": {"POST"}, **SIGNED_IN},
    "curate.logout_everywhere": {"methods": {"POST"}, **SIGNED_IN, "ends_session": True},
    # user management
    "curate.users": {"methods": {"GET"}, **ADMINS},
    "curate.create_user": {"methods": {"POST"}, **ADMINS},
    "curate.change_role": {"methods": {"POST"}, **ADMINS},
    "curate.disable_user": {"methods": {"POST"}, **ADMINS},
    "curate.enable_user": {"methods": {"POST"}, **ADMINS},
    "curate.reset_totp": {"methods": {"POST"}, **ADMINS},
    "curate.security_log": {"methods": {"GET"}, **ADMINS},
    # public feedback review, check list, measures, import and export
    "curate.suggestions": {"methods": {"GET"}, **EDITORS},
    "curate.suggestion": {"methods": {"GET"}, **EDITORS},
    "curate.accept_suggestion": {"methods": {"POST"}, **EDITORS},
    "curate.reject_suggestion": {"methods": {"POST"}, **EDITORS},
    "curate.reports": {"methods": {"GET"}, **EDITORS},
    "curate.resolve_report": {"methods": {"POST"}, **EDITORS},
    "curate.checklist": {"methods": {"GET"}, **EDITORS},
    "curate.mark_verified": {"methods": {"POST"}, **EDITORS},
    "curate.zero_result_searches": {"methods": {"GET"}, **EDITORS},
    "curate.coverage_report": {"methods": {"GET"}, **EDITORS},
    "curate.coverage_csv": {"methods": {"GET"}, **EDITORS},
    "curate.measures": {"methods": {"GET"}, **EDITORS},
    "curate.edit_measure": {"methods": {"GET", "POST"}, **EDITORS},
    "curate.reminders": {"methods": {"GET"}, **EDITORS},
    "curate.confirm_provider": {"methods": {"POST"}, **EDITORS},
    "curate.new_measure": {"methods": {"GET", "POST"}, **EDITORS},
    "curate.set_measure_status": {"methods": {"POST"}, **EDITORS},
    "curate.measure_offer_link": {"methods": {"POST"}, **EDITORS},
    "curate.offer_challenge_suggestion": {"methods": {"POST"}, **EDITORS},
    "curate.move_measure": {"methods": {"POST"}, **EDITORS},
    "curate.archive_measure": {"methods": {"POST"}, **EDITORS},
    "curate.restore_measure": {"methods": {"POST"}, **EDITORS},
    "curate.move_challenge": {"methods": {"POST"}, **EDITORS},
    "curate.archive_challenge": {"methods": {"POST"}, **EDITORS},
    "curate.challenge_history": {"methods": {"GET"}, **EDITORS},
    "curate.restore_challenge": {"methods": {"POST"}, **EDITORS},
    "curate.import_offers": {"methods": {"GET", "POST"}, **EDITORS},
    "curate.apply_import": {"methods": {"POST"}, **EDITORS},
    "curate.import_help": {"methods": {"GET"}, **EDITORS},
    "curate.export_offers": {"methods": {"GET"}, **EDITORS},
    # offers: editing, workflow, history, translations (per-object checks with can() inside the views)
    "curate.offers": {"methods": {"GET"}, **SIGNED_IN},
    "curate.new_offer": {"methods": {"GET"}, **SIGNED_IN},
    "curate.create_offer": {"methods": {"POST"}, **SIGNED_IN},
    "curate.edit_offer": {"methods": {"GET"}, **SIGNED_IN},
    "curate.update_offer": {"methods": {"POST"}, **SIGNED_IN},
    "curate.submit_offer": {"methods": {"POST"}, **SIGNED_IN},
    "curate.publish_offer": {"methods": {"POST"}, **EDITORS},
    "curate.unpublish_offer": {"methods": {"POST"}, **EDITORS},
    "curate.archive_offer": {"methods": {"POST"}, **EDITORS},
    "curate.unarchive_offer": {"methods": {"POST"}, **EDITORS},
    "curate.offer_history": {"methods": {"GET"}, **SIGNED_IN},
    "curate.offer_revision": {"methods": {"GET"}, **SIGNED_IN},
    "curate.restore_offer_revision": {"methods": {"POST"}, **EDITORS},
    "curate.offer_translations": {"methods": {"GET"}, **SIGNED_IN},
    "curate.save_offer_translation": {"methods": {"POST"}, **SIGNED_IN, "args": {"locale": "en"}},
    "curate.review_offer_translation": {"methods": {"POST"}, **EDITORS, "args": {"locale": "en"}},
    # translation coverage and the structure's translations
    "curate.translation_coverage": {"methods": {"GET"}, **EDITORS},
    "curate.translation_items": {"methods": {"GET"}, **EDITORS, "args": {"locale": "ar", "content_type": "challenge"}},
    "curate.structure_translations": {"methods": {"GET"}, **EDITORS},
    "curate.save_structure_translation": {"methods": {"POST"}, **EDITORS, "args": {"locale": "ar"}},
    "curate.review_structure_translation": {"methods": {"POST"}, **EDITORS, "args": {"locale": "ar"}},
    "curate.confirm_delete_offer": {"methods": {"GET"}, **ADMINS},
    "curate.delete_offer": {"methods": {"POST"}, **ADMINS},
    # what offers refer to, and the audit log
    "curate.organisations": {"methods": {"GET"}, **SIGNED_IN},
    "curate.new_organisation": {"methods": {"GET"}, **SIGNED_IN},
    "curate.create_organisation": {"methods": {"POST"}, **SIGNED_IN},
    "curate.edit_organisation": {"methods": {"GET"}, **SIGNED_IN},
    "curate.update_organisation": {"methods": {"POST"}, **SIGNED_IN},
    "curate.places": {"methods": {"GET"}, **SIGNED_IN},
    "curate.new_place": {"methods": {"GET"}, **SIGNED_IN},
    "curate.create_place": {"methods": {"POST"}, **SIGNED_IN},
    "curate.edit_place": {"methods": {"GET"}, **SIGNED_IN},
    "curate.update_place": {"methods": {"POST"}, **SIGNED_IN},
    "curate.categories": {"methods": {"GET"}, **EDITORS},
    "curate.new_category": {"methods": {"GET"}, **EDITORS},
    "curate.create_category": {"methods": {"POST"}, **EDITORS},
    "curate.edit_category": {"methods": {"GET"}, **EDITORS},
    "curate.update_category": {"methods": {"POST"}, **EDITORS},
    "curate.challenges": {"methods": {"GET"}, **EDITORS},
    "curate.new_challenge": {"methods": {"GET"}, **EDITORS},
    "curate.create_challenge": {"methods": {"POST"}, **EDITORS},
    "curate.edit_challenge": {"methods": {"GET"}, **EDITORS},
    "curate.update_challenge": {"methods": {"POST"}, **EDITORS},
    "curate.audit_log": {"methods": {"GET"}, **EDITORS},
    # the search's multilingual vocabulary
    "curate.vocabulary": {"methods": {"GET"}, **EDITORS},
    "curate.new_vocabulary_concept": {"methods": {"GET"}, **EDITORS},
    "curate.create_vocabulary_concept": {"methods": {"POST"}, **EDITORS},
    "curate.edit_vocabulary_concept": {"methods": {"GET"}, **EDITORS},
    "curate.update_vocabulary_concept": {"methods": {"POST"}, **EDITORS},
    # the search's synonym groups
    "curate.synonyms": {"methods": {"GET"}, **EDITORS},
    "curate.new_synonym_group": {"methods": {"GET"}, **EDITORS},
    "curate.create_synonym_group": {"methods": {"POST"}, **EDITORS},
    "curate.edit_synonym_group": {"methods": {"GET"}, **EDITORS},
    "curate.update_synonym_group": {"methods": {"POST"}, **EDITORS},
    "curate.confirm_delete_synonym_group": {"methods": {"GET"}, **EDITORS},
    "curate.delete_synonym_group": {"methods": {"POST"}, **EDITORS},
}
