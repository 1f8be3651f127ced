"""Deep-learning playground: build, train and probe real PyTorch models in the browser.

    python app.py            # serves http://localhost:7860
    python app.py --help     # host, port, device, data directory
"""

from __future__ import annotations

import argparse
import os
import logging
import threading
from pathlib import Path

from playground import __version__
from playground.config import ServeLimits, ServeSettings, default_data_dir

# gradio, torch and the tabs are imported inside the functions below, so `python app.py --help` answers at once
CSS_PATH = Path(__file__).parent / "assets" / "style.css"
# page-wide scripts run on load: the page's language and its ES | EN switch; a clamped slider says so
JS_PATHS = [Path(__file__).parent / "assets" / name for name in ("language.js", "limits.js")]
LANGUAGE_SWITCH = ('<div id="pg-lang" role="group" aria-label="Idioma / Language">'
                   '<button type="button" data-lang="es" lang="es" title="Español">ES</button>'
                   '<span aria-hidden="true">|</span>'
                   '<button type="button" data-lang="en" lang="en" title="English">EN</button></div>')


def build_app(settings: ServeSettings | None = None):
    """Compose the tabs (a gr.Blocks). Per-session state is created here and handed to the tabs that share it."""
    import gradio as gr

    from playground.cnn.spec import DEFAULT_PRESET, preset
    from playground.ui import basics, builder, diffusion, draw, next_word, training
    from playground.ui.words import L

    settings = settings or ServeSettings()
    with gr.Blocks(title="Deep-learning playground") as demo:
        with gr.Row(elem_id="header", equal_height=True):
            gr.Markdown(f"# {L('common.title')} <small>v{__version__}</small>", elem_id="title")
            gr.HTML(LANGUAGE_SWITCH, elem_id="pg-lang-box", container=False)
        net = gr.State(preset(DEFAULT_PRESET))  # this session's CNN spec, shared by the tabs
        trained = gr.State(None)  # this session's trained model (playground.train.trained.TrainedModel)
        with gr.Tabs(overflow_behavior="wrap"):  # on a phone every tab stays in sight, on two rows if need be
            with gr.Tab(L("common.tab_builder"), id="builder") as builder_tab:
                builder.create_tab(demo, net, tab=builder_tab)
            with gr.Tab(L("common.tab_training"), id="training"):
                training.create_tab(demo, net, trained, settings)
            with gr.Tab(L("common.tab_draw"), id="draw"):
                draw.create_tab(demo, trained)
            with gr.Tab(L("common.tab_next_word"), id="next-word"):
                next_word.create_tab(demo, settings)
            with gr.Tab(L("common.tab_diffusion"), id="diffusion"):
                diffusion.create_tab(demo, settings)
            with gr.Tab(L("common.tab_basics"), id="basics"):
                basics.create_tab(demo)
    return demo


def launch_options(demo=None) -> dict:
    """What every launch passes: the look of the app, its scripts and its two languages."""
    import gradio as gr

    # system fonts: the app makes no requests to font CDNs, so it looks the same offline
    fonts = ["ui-sans-serif", "system-ui", "sans-serif"]
    mono = ["ui-monospace", "SFMono-Regular", "Menlo", "monospace"]
    from playground.ui.words import I18N, client_words, tab_keys

    words = client_words(tab_keys(demo) if demo is not None else [])
    scripts = [path.read_text(encoding="utf-8").replace("__WORDS__", words) for path in JS_PATHS]
    js = "() => {\n" + "".join(f"({script.strip()})();\n" for script in scripts) + "}"
    return {"theme": gr.themes.Soft(font=fonts, font_mono=mono), "css": CSS_PATH.read_text(encoding="utf-8"),
            "js": js, "i18n": I18N}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the deep-learning playground.")
    # a Hugging Face Space (and any Gradio host) says where to listen in GRADIO_SERVER_NAME/PORT; flags win
    host = os.environ.get("GRADIO_SERVER_NAME", "").strip() or "127.0.0.1"
    port = os.environ.get("GRADIO_SERVER_PORT", "").strip() or "7860"
    parser.add_argument("--host", default=host,
                        help="interface to listen on (0.0.0.0: the local network; env GRADIO_SERVER_NAME; "
                             "default: %(default)s)")
    parser.add_argument("--port", type=int, default=port, help="TCP port (env GRADIO_SERVER_PORT; default: %(default)s)")
    parser.add_argument("--device", default="auto", help="auto (CUDA, then Apple MPS, then CPU), cpu, cuda, cuda:N or mps")
    parser.add_argument(
        "--data-dir", type=Path, default=default_data_dir(),
        help="where datasets are downloaded and cached (env PLAYGROUND_DATA_DIR; default: %(default)s)",
    )
    args = parser.parse_args(argv)
    from playground.cnn.summary import warm_up
    from playground.devices import describe, pick_device

    # user errors are logged as one line by the tabs; bugs with their traceback
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpcore", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        device = pick_device(args.device)
    except ValueError as exc:
        parser.error(str(exc))
    settings = ServeSettings(host=args.host, port=args.port, device=str(device), data_dir=args.data_dir)
    print(f"Deep-learning playground {__version__} on {describe(device)}: http://{args.host}:{args.port}")
    serve = ServeLimits()
    demo = build_app(settings).queue(default_concurrency_limit=serve.concurrency, max_size=serve.queue_size)
    # no allowed_paths: the app serves only its own files (and the temporary files of its outputs)
    demo.launch(server_name=args.host, server_port=args.port, max_file_size=f"{serve.max_file_mb}mb",
                prevent_thread_lock=True, **launch_options(demo))
    # the page is served: load what the first edit would wait for in the background (no model: first use)
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    demo.block_thread()


if __name__ == "__main__":
    main()
