"""Benchmarks that print figures: ``python -m benchmarks builder|train|draw|lm|diffusion|basics|load|startup|hub_diffusion|hub``.

Timings are medians over many repeats after a warm-up, on whatever machine runs
them; the printout names the machine. Targets are checked here, never in tests.
Each benchmark is imported only when it runs: ``train --skip-live`` needs no gradio.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    from playground.config import default_data_dir

    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    which = parser.add_subparsers(dest="which", required=True, metavar="{builder,train,draw,lm,diffusion,basics,load,startup,hub_diffusion,hub}")
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("--data-dir", type=Path, default=default_data_dir(), help="where the datasets are")

    builder = which.add_parser("builder", help="server time to redraw the builder for a 30-layer network")
    builder.add_argument("--repeat", type=int, default=200, help="timed repeats per figure")

    train = which.add_parser("train", parents=[data],
                             help="engine vs the classic DataLoader loop; the live updates' cost with and "
                             "without a page; time to accuracy")
    train.add_argument("--steps", type=int, default=30, help="timed steps per throughput figure")
    train.add_argument("--skip-accuracy", action="store_true", help="skip the time-to-accuracy runs")
    train.add_argument("--skip-live", action="store_true", help="skip the live-update measurement")
    train.add_argument("--live-epochs", type=int, default=3,
                       help="epochs of each live-update run (default 3: the Training tab's default)")
    train.add_argument("--live-steps", type=int, default=0,
                       help="stop each in-process live-update run after this many steps (default 0: never)")
    train.add_argument("--no-browser", action="store_true",
                       help="skip the live updates in Chromium (the only part that needs gradio and a browser)")
    train.add_argument("--gpu-only", action="store_true",
                       help="only the CUDA throughput rows and the time to accuracy on CUDA (no CPU runs)")

    draw = which.add_parser("draw", parents=[data],
                            help="one drawing's cost, classify_digit round trip, accuracy on drawings")
    draw.add_argument("--repeat", type=int, default=200, help="drawings timed (at most 200)")
    draw.add_argument("--drawings", type=int, default=2000, help="drawings in the accuracy figure")

    lm = which.add_parser("lm", parents=[data],
                          help="language models: engine vs plain loop, beating the bigram, next_word, generation")
    lm.add_argument("--seconds", type=float, default=90, help="training budget of the from-scratch runs")
    lm.add_argument("--repeat", type=int, default=200, help="timed next_word calls per model")
    diffusion = which.add_parser("diffusion", help="sampling speed per scheduler, first step in the browser, "
                                 "per-step update cost")
    diffusion.add_argument("--runs", type=int, default=3, help="timed runs per figure")
    diffusion.add_argument("--no-browser", action="store_true", help="skip the Chromium timing")
    basics = which.add_parser("basics", help="one live update of the 2-D playground; redraws per second in Chromium")
    basics.add_argument("--repeat", type=int, default=100, help="timed updates")
    basics.add_argument("--no-browser", action="store_true", help="skip the Chromium measurement")
    load = which.add_parser("load", parents=[data], help="a class at once: 20 sessions editing and classifying while "
                            "2 train, for 60 s (loopback only)")
    load.add_argument("--sessions", type=int, default=20)
    load.add_argument("--seconds", type=float, default=60)
    startup = which.add_parser("startup", help="cold start: seconds until `python app.py` answers \"/\" and its "
                               "config; import app and build_app() alone")
    startup.add_argument("--runs", type=int, default=3, help="timed starts (the median is printed)")
    hub_diffusion = which.add_parser("hub_diffusion", help="Hub pipelines in Diffusion: our loop against the "
                                     "pipeline's own call, one UNet step, the per-step preview cost (on a tiny "
                                     "pipeline; and on --real hf:<repo> where the Hub is reachable)")
    hub_diffusion.add_argument("--runs", type=int, default=20, help="timed runs per figure")
    hub_diffusion.add_argument("--real", nargs="*", default=[], help="real pipelines too, e.g. hf:stabilityai/sd-turbo")
    hub = which.add_parser("hub", help="Hugging Face models in Next word: next_word model work and generation on "
                           "tiny GPT-2 and Llama models (and on --real hf:<repo> where the Hub is reachable)")
    hub.add_argument("--repeat", type=int, default=200, help="timed next_word calls per model")
    hub.add_argument("--real", nargs="*", default=[], help="real models to time too, e.g. hf:openai-community/gpt2")
    return parser


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.which == "builder":
        from app import build_app
        from benchmarks.builder import bench_builder

        bench_builder(args.repeat, build_app)
    elif args.which == "draw":
        from app import build_app
        from benchmarks.draw import bench_draw

        bench_draw(args.data_dir, min(args.repeat, 200), args.drawings, build_app)
    elif args.which == "lm":
        from app import build_app
        from benchmarks.lm import bench_lm

        bench_lm(args.data_dir, args.seconds, args.repeat, build_app)
    elif args.which == "load":
        from benchmarks.load import bench_load

        bench_load(args.data_dir, min(args.sessions, 100), min(args.seconds, 600))
    elif args.which == "startup":
        from benchmarks.startup import bench_startup

        bench_startup(max(args.runs, 1))
    elif args.which == "basics":
        from app import build_app
        from benchmarks.basics import bench_basics

        bench_basics(build_app, args.repeat, not args.no_browser)
    elif args.which == "hub":
        from benchmarks.hub import bench_hub

        bench_hub(max(args.repeat, 1), args.real)
    elif args.which == "hub_diffusion":
        from benchmarks.hub_diffusion import bench_hub_diffusion

        bench_hub_diffusion(max(args.runs, 1), args.real)
    elif args.which == "diffusion":
        from app import build_app
        from benchmarks.diffusion import bench_diffusion

        bench_diffusion(build_app, args.runs, not args.no_browser)
    else:
        from benchmarks.train import bench_train

        bench_train(args.data_dir, args.steps, not args.skip_accuracy, live=not args.skip_live,
                    gpu_only=args.gpu_only, live_epochs=max(args.live_epochs, 1),
                    live_steps=max(args.live_steps, 0), with_browser=not args.no_browser)


if __name__ == "__main__":
    main()
