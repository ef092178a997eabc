"""docs/security.md prints the access matrix the Odoo test checks: the two cannot drift."""

from matrix_doc import DOC_PATH, current_table, load_matrix, render


def test_security_doc_prints_the_matrix():
    with open(DOC_PATH, encoding="utf-8") as handle:
        table = current_table(handle.read())
    assert table is not None, "docs/security.md lost its matrix markers"
    assert table == render(), "run: python tests/security/matrix_doc.py"


def test_matrix_names_every_group_and_operation():
    matrix = load_matrix()
    for model, cells in matrix.MATRIX.items():
        assert set(cells) == set(matrix.GROUPS), model
        for cell in cells.values():
            assert len(cell.split()) == len(matrix.OPERATIONS), model
            assert set(cell.split()) <= set(matrix.SCOPES), model
