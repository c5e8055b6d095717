"""Search in the languages recommendations are written in: each text stemmed in its own
language, a query's words in all of them, on SQLite and PostgreSQL; the language detected on
import when the file does not give it; migration 0011 filling the stems of stored rows."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from tests.store.recommendation_sample import WS, rec, save

from impactkit.catalogue.loader import load_default_catalogue
from impactkit.errors import ValidationError
from impactkit.exchange.recommendations import read_recommendations
from impactkit.recommendations.languages import detect_language, search_terms, stems
from impactkit.store.db import Database, alembic_config
from impactkit.store.recommendation_search import SearchFilters, search

TEXTS = {  # key = language; each text says something the others do not
    "en": ("Ensure that trafficked children are identified and referred.", "trafficking"),
    "fr": ("Renforcer la protection des victimes de la traite.", "victime"),
    "es": ("Garantizar la educación de todos los niños.", "niño"),
    "el": ("Ενίσχυση της προστασίας των θυμάτων εμπορίας ανθρώπων.", "θύμα"),
    "it": ("Assistere le vittime della tratta e i minori.", "vittima"),
    "pt": ("Proteger as crianças em acolhimento residencial.", "criança"),
}


def found(db: Database, text: str) -> list[str]:
    with db.connect() as conn:
        page = search(conn, workspace_key=WS, filters=SearchFilters(text=text))
    return sorted(r.key for r in page.items)


def test_each_language_is_searched_by_its_stems(rec_db: Database) -> None:
    save(rec_db, *(rec(language, text, language=language)
                   for language, (text, _) in TEXTS.items()))
    for language, (_, query) in TEXTS.items():
        assert found(rec_db, query) == [language], query
    assert found(rec_db, "θυματα") == ["el"]  # without its accent
    assert found(rec_db, "victimas") == ["fr"]  # Spanish plural, no accent: a shared stem
    assert found(rec_db, '"vittima della tratta"') == ["it"]  # a phrase, stemmed
    assert found(rec_db, '"vittima tratta"') == []  # ... whose words must be adjacent
    assert found(rec_db, "vittime -minore") == []
    assert found(rec_db, "niños OR crianças") == ["es", "pt"]


def test_a_language_no_stemmer_knows_is_matched_word_for_word(rec_db: Database) -> None:
    save(rec_db, rec("sl", "Okrepiti zaščito otrok pred trgovino z ljudmi.", language="sl"))
    assert search_terms("Okrepiti zaščito otrok", "sl") == "okrepiti zascito otrok"
    assert found(rec_db, "zaščito") == ["sl"]
    assert found(rec_db, "otroci") == []


def test_stems_meet_across_inflections() -> None:
    pairs = {"en": ("trafficked", "trafficking"), "fr": ("victime", "victimes"),
             "es": ("víctima", "víctimas"), "el": ("θύμα", "θυμάτων"),
             "it": ("vittima", "vittime"), "pt": ("vítima", "vítimas")}
    for language, (one, other) in pairs.items():
        assert stems(one, language) == stems(other, language.upper()) != [one], language
    assert stems("Victimes, VICTIME", "fr-CA") == ["victim", "victim"]


def test_language_is_detected_when_the_file_does_not_say_it(tmp_path: Path) -> None:
    path = tmp_path / "recommandations.csv"
    path.write_text(
        "Texte\n"
        "Renforcer l'identification et l'orientation des victimes de la traite, en particulier "
        "des enfants.\n"
        "Reforzar la identificación y derivación de las víctimas de la trata, en particular de "
        "los niños.\n"
        "Ratify OP3\n", encoding="utf-8")
    recs = read_recommendations(path, mapping={"text": "Texte"}, mechanism="crc",
                                catalogue=load_default_catalogue())
    assert [r.language for r in recs] == ["fr", "es", "en"]  # too short to tell: English
    given = tmp_path / "given.csv"
    given.write_text("Texte,Langue\nRenforcer la protection des victimes de la traite.,it\n",
                     encoding="utf-8")
    [kept] = read_recommendations(given, mapping={"text": "Texte", "language": "Langue"},
                                  mechanism="crc", catalogue=load_default_catalogue())
    assert kept.language == "it"  # the file's word is kept, right or wrong
    assert detect_language("Proteggere i minori stranieri non accompagnati.") == "it"
    assert detect_language("Das Fakultativprotokoll ratifizieren und umsetzen.") is None


def test_migration_0011_fills_the_stems_of_stored_recommendations(
        empty_database: Database) -> None:
    config = alembic_config()
    with empty_database.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0010")
        conn.execute(sa.text(
            "INSERT INTO jurisdictions (id, code, name, kind, fictional) "
            "VALUES (1, 'XAT', 'Atlantis', 'country', true)"))
        conn.execute(sa.text(
            "INSERT INTO workspaces (id, key, title, jurisdiction_id, cycle, catalogue_key, "
            "created_at) VALUES (1, :ws, 'Atlantis', 1, '2025', 'impact-default', "
            "CURRENT_TIMESTAMP)"), {"ws": WS})
        conn.execute(sa.text(
            "INSERT INTO recommendations (workspace_id, key, mechanism, text, language) "
            "VALUES (1, :key, 'upr', :text, :language)"),
            [{"key": "it", "text": TEXTS["it"][0], "language": "it"},
             {"key": "en", "text": TEXTS["en"][0], "language": "en"}])
        command.upgrade(config, "0011")
        assert dict(conn.execute(sa.text("SELECT key, search_terms FROM recommendations"))
                    .all()) == {key: search_terms(TEXTS[key][0], key) for key in ("it", "en")}
        command.downgrade(config, "0010")  # back to 0003's English search
        columns = {c["name"] for c in sa.inspect(conn).get_columns("recommendations")}
        assert "search_terms" not in columns
        assert _english_match(conn, "trafficking") == ["en"]
    empty_database.migrate()
    assert found(empty_database, "vittima") == ["it"]
    assert found(empty_database, "trafficking") == ["en"]


def _english_match(conn: sa.Connection, word: str) -> list[str]:
    if conn.dialect.name == "sqlite":
        query = ("SELECT r.key FROM recommendations_fts JOIN recommendations r "
                 "ON r.id = recommendations_fts.rowid WHERE recommendations_fts MATCH :w")
    else:
        query = ("SELECT key FROM recommendations "
                 "WHERE to_tsvector('english', text) @@ plainto_tsquery('english', :w)")
    return list(conn.execute(sa.text(query), {"w": word}).scalars())


def test_a_query_without_words_is_refused(rec_db: Database) -> None:
    for text in ("-", '""', "- OR", "_"):
        with pytest.raises(ValidationError, match="no word to search for"):
            found(rec_db, text)
