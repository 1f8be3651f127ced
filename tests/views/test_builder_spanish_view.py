"""What the builder's views and core write, in Spanish: the same network read by an English page and a Spanish
one (the summary's per-layer results are cached for both), the messages of a bad network, the editor's texts."""

import pytest

from playground import i18n
from playground.cnn import spec as specs
from playground.cnn.layers import SpecError
from playground.cnn.summary import summarize
from playground.config import BuilderLimits
from playground.views import builder as view

LIMITS = BuilderLimits()


def too_big_kernel() -> dict:
    spec = specs.preset("Fast MNIST (Training default)")
    return specs.set_arg(spec, 4, "kernel_size", 30)  # conv2 on a 32×14×14 map


def test_a_refusal_reads_in_the_language_of_each_page_though_cached():
    spec = too_big_kernel()
    english = summarize(spec).rows[4].message
    with i18n.speaking("es"):
        spanish = summarize(spec).rows[4].message  # the same cached result of the layer
        errors = summarize(spec).errors
    assert english == "its input is 14×14 (padded to 16×16), a 30×30 window does not fit"
    assert spanish == "su entrada es de 14×14 (16×16 con relleno): una ventana de 30×30 no cabe"
    assert errors[0].startswith("capa 5 Conv2d: su entrada es de 14×14")
    assert summarize(spec).rows[4].message == english  # and English again afterwards


def test_totals_status_and_fix_in_spanish():
    spec = specs.delete_layer(specs.preset("Fast MNIST (Training default)"), 8)  # Flatten gone
    with i18n.speaking("es"):
        summary = summarize(spec)
        html = view.totals_html(summary)
        label = view.fix_label(summary)
        ready = view.totals_html(summarize(specs.preset("LeNet-5")))
    assert "✕ La red todavía no puede ejecutarse" in html and "parámetros entrenables hasta aquí" in html
    assert "Linear necesita un vector, pero su entrada es 64×7×7 (C×H×W): inserta Flatten antes" in html
    assert '<abbr title="Parámetros: los números que la red aprende' in html
    assert label == "Arreglar: insertar Flatten antes de la capa 10"
    assert "✓ Lista: entra 1×28×28, salen 10 puntuaciones de clase." in ready
    assert "cannot run" not in html and "trainable parameters" not in html


def test_the_table_and_the_editor_in_spanish():
    spec = specs.preset("LeNet-5")
    with i18n.speaking("es"):
        summary = summarize(spec)
        frame = view.table_frame(summary, 0).data
        help_md = view.layer_help(spec, summary, 2)
        fields = view.field_views(spec, 2, view.field_args())
        dims, message = view.input_from_boxes([1, 28, 28], ["", 28, 5000], LIMITS, leaving=True)
        empty = view.layer_help({"input": [1, 28, 28], "layers": []}, summarize(specs.preset("Empty")), None)
    assert list(frame.columns) == ["#", "Capa", "Forma de salida", "Parámetros", "MACs", "% parám.", "Notas"]
    assert frame.iloc[0, 1] == "entrada"
    assert "Agrupación (pooling): hace la media de cada ventana" in help_md  # layer 3, AvgPool2d
    placeholders = {f.placeholder for f in fields if f.visible and f.placeholder}
    assert placeholders == {"obligatorio", "por defecto: None", "por defecto: 0"}
    assert dims == [1, 28, LIMITS.max_input_side]
    assert message == (f"C se quedó vacío, así que sigue en 1; W puede ser como mucho {LIMITS.max_input_side}, "
                       f"así que se pone en {LIMITS.max_input_side}")
    assert empty == "*La red está vacía: añade una capa.*"
    assert view.table_columns("en") == view.TABLE_COLUMNS  # a table built outside a request is English


@pytest.mark.parametrize("source, english, spanish", [
    ("{oops", "this is not valid JSON", "esto no es JSON válido"),
    ('{"input": [1, 28, 28], "layers": [{"type": "Conv2d", "in_channels": 1}]}',
     "layer 1 Conv2d: leave out in_channels, it is inferred from the layer before",
     "capa 1 Conv2d: quita in_channels, se deduce de la capa anterior"),
    ('{"input": [1, 0, 28]}', "input H must be between 1 and", "la entrada H debe estar entre 1 y"),
])
def test_a_bad_network_is_explained_in_the_page_language(source, english, spanish):
    with pytest.raises(SpecError) as caught:
        view.parse_json_text(source, LIMITS)
    assert english in str(caught.value)  # the log, in English
    assert spanish in caught.value.message("es")


def test_argument_checks_speak_spanish():
    spec = specs.preset("LeNet-5")
    spec = specs.set_arg(spec, 0, "padding", "lots")
    spec = specs.set_arg(spec, 3, "out_channels", None)
    with i18n.speaking("es"):
        rows = summarize(spec).rows
    assert rows[0].message == 'padding debe ser un número entero, un par [h, w] o "same"/"valid", no \'lots\''
    assert rows[3].message == "out_channels es obligatorio"
    assert rows[5].message == "no se puede calcular: una capa anterior tiene un error"
