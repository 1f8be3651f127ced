"""Diffusion tab: a toy text-to-image model turning noise into digits, step by step, live.

Thin: ``playground.diffusion`` holds the model, the prompt tokenizer and our own
denoising loop (a run, the guidance comparison); ``playground.views.diffusion`` turns
them into grids, figures and updates by name. Per-session state: ``record`` (the last
run's frames and trace, for the scrub slider and the attention maps), ``clean`` (the
image the forward process starts from) and ``switch`` (Stop, and the pace of the live
frames). The model itself is shipped and shared read-only (``model.shipped``).
"""

from __future__ import annotations

import random
from types import SimpleNamespace

import gradio as gr
import torch

from playground.config import ServeSettings, TrainLimits
from playground.devices import pick_device
from playground.diffusion import prompts
from playground.diffusion import model as dm
from playground.diffusion import sample
from playground.hub import access
from playground.hub import diffusion as hub
from playground.hub import diffusion_loop as hub_loop
from playground.ui.common import (QUIET, Switch, error, failure_note, guard, held, live_box, live_view, on_gpu,
                                  stream_live)
from playground.ui.draw import PAD_CSS, PAD_HTML, PAD_JS
from playground.ui.words import L
from playground.views import diffusion as dv
from playground.views import diffusion_compare as dc
from playground.views import hub_diffusion as hub_views
from playground.views.draw import decode_data_url

STOP = "#df-stop"  # the live view sends this button's clicks straight to the run (no event, no queue)

def _controls(ui: SimpleNamespace) -> None:
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            ui.prompt = gr.Textbox(label=L("diffusion.prompt_label"), value=L("diffusion.default_prompt"),
                                   max_length=1000, elem_id="df-prompt")  # the browser sends the page's default
            with gr.Row():
                ui.pick = gr.Dropdown(dv.CLASS_CHOICES, value=None, label=L("diffusion.pick_label"), elem_id="df-pick")
                ui.form = gr.Radio([(L(f"diffusion.form_{form}"), form) for form in prompts.FORMS], value="english",
                                   label=L("diffusion.form_label"), min_width=300)
                # here, not beside the sliders: room for the info lines while x_t and x₀ stay in view
                ui.seed = gr.Number(0, label=L("diffusion.seed"), info=L("diffusion.seed_info"), precision=0,
                                    min_width=170, scale=0, elem_id="df-seed")
        with gr.Column(scale=2, min_width=260):
            with gr.Row():
                ui.n = gr.Slider(1, sample.MAX_IMAGES, value=8, step=1, label=L("diffusion.images"))
                ui.steps = gr.Slider(1, sample.PAGE_MAX_STEPS, value=25, step=1, label=L("diffusion.steps"), elem_id="df-steps")
            with gr.Row():
                ui.scheduler = gr.Dropdown(list(sample.SCHEDULERS), value=sample.OWN_SCHEDULER, label=L("diffusion.scheduler"),
                                           info=L("diffusion.scheduler_info"), elem_id="df-scheduler")
                ui.guidance = gr.Slider(0, sample.PAGE_MAX_GUIDANCE, value=3, step=0.5, label=L("diffusion.guidance"),
                                        info=L("diffusion.guidance_info"), elem_id="df-guidance")
    with gr.Row():
        ui.generate = gr.Button(L("diffusion.generate"), variant="primary", min_width=90, elem_id="df-generate")
        ui.stop = gr.Button(L("diffusion.stop"), variant="stop", min_width=90, elem_id="df-stop")
        ui.randomize = gr.Button(L("diffusion.randomize"), scale=0, min_width=90, elem_id="df-randomize")
    # status, the three steps, x_t, x₀ and the schedule's marker as one live view, right under the buttons
    ui.view = live_view(value=f'<div id="df-status" class="pg-status pg-info">{L("diffusion.press_generate")}</div>',
                        elem_id="df-view")  # i18n: not text


def _views(ui: SimpleNamespace) -> None:
    with gr.Accordion(L("hub_diffusion.hub_title"), open=False, elem_id="df-hub"), gr.Row(equal_height=False):
        presets = [(access.PREFIX + repo, access.PREFIX + repo) for repo in hub.PRESETS]
        ui.model = gr.Dropdown([(L("hub_diffusion.model_toy"), hub_loop.TOY), *presets], value=hub_loop.TOY,
                               allow_custom_value=True, label=L("hub_diffusion.model_label"),
                               info=L("hub_diffusion.model_info"), scale=2, elem_id="df-model")
        ui.side = gr.Slider(64, hub_loop.MAX_SIDE, value=512, step=64, label=L("hub_diffusion.side"), scale=1,
                            elem_id="df-side")
        ui.cost = gr.Markdown(elem_id="df-cost")
    with gr.Accordion(L("diffusion.what_title"), open=False, elem_id="df-what"):
        gr.Markdown(L("diffusion.what_text"))
    with gr.Row(equal_height=False):
        with gr.Column():
            ui.tokens = gr.HTML(elem_id="df-tokens")
            ui.encoding = gr.Plot(show_label=False, elem_id="df-encoding")
        with gr.Column():
            ui.schedule = gr.Plot(show_label=False, elem_id="df-schedule")
            ui.terms = gr.HTML(elem_id="df-schedule-terms")  # β_t, ᾱ_t, SNR, timestep defined: filled on load
    ui.scrub = gr.Slider(0, 25, value=0, step=1, label=L("diffusion.scrub"), interactive=False, elem_id="df-scrub")
    ui.gallery = gr.Gallery(label=L("diffusion.gallery"), columns=8, height="auto", object_fit="contain",
                            elem_id="df-gallery")
    ui.gif = gr.File(label=L("diffusion.gif"), elem_id="df-gif")


def _extras(ui: SimpleNamespace) -> None:
    with gr.Accordion(L("diffusion.attention_title"), open=False):
        with gr.Row():
            ui.att_step = gr.Slider(1, 25, value=12, step=1, label=L("diffusion.step"))
            ui.att_image = gr.Slider(1, sample.MAX_IMAGES, value=1, step=1, label=L("diffusion.image"))
            ui.att_btn = gr.Button(L("diffusion.show"), elem_id="df-att-btn")
        ui.att_plot = gr.Plot(show_label=False, elem_id="df-attention")
    guidances = " · ".join(f"{g:g}" for g in sample.GUIDANCES)
    with gr.Accordion(f"{L('diffusion.compare_title')} {guidances}", open=False):
        gr.Markdown(L("diffusion.compare_text"))
        ui.compare_btn = gr.Button(L("diffusion.compare"), elem_id="df-compare-btn")
        ui.compare = gr.Gallery(label=f"{L('diffusion.guidance_word')} {guidances}", columns=4, height="auto",
                                object_fit="contain", elem_id="df-compare")
    with gr.Accordion(L("diffusion.forward_title"), open=False):
        gr.Markdown(L("diffusion.forward_text"))
        with gr.Row(equal_height=False):
            with gr.Column(min_width=260):
                ui.pad = gr.HTML(html_template=PAD_HTML, css_template=PAD_CSS, js_on_load=PAD_JS, elem_id="df-pad")
                ui.upload = gr.UploadButton(L("diffusion.upload"), size="sm", elem_id="df-upload")
                ui.use_last = gr.Button(L("diffusion.use_last"), size="sm")
            with gr.Column(min_width=260):
                ui.t = gr.Slider(0, sample.MAX_STEPS - 1, value=500, step=1, label=L("diffusion.t_label"), info=L("diffusion.t_info"),
                                 elem_id="df-t")
                ui.noisy = gr.Image(label="√ᾱ_t·x₀ + √(1−ᾱ_t)·ε", interactive=False, buttons=[], elem_id="df-noisy")
                ui.forward_note = gr.Markdown()
                ui.from_here = gr.Button(L("diffusion.from_here"), elem_id="df-from-here")
    with gr.Row(visible=False):  # the public API's inputs and output
        ui.api = SimpleNamespace(prompt=gr.Textbox(), n=gr.Number(), steps=gr.Number(), scheduler=gr.Textbox(),
                                 guidance=gr.Number(), seed=gr.Number(), out=gr.Gallery(), btn=gr.Button())
        ui.image_api = SimpleNamespace(prompt=gr.Textbox(), model=gr.Textbox(), steps=gr.Number(),
                                       scheduler=gr.Textbox(), guidance=gr.Number(), seed=gr.Number(),
                                       height=gr.Number(), width=gr.Number(), out=gr.File(), btn=gr.Button())


class DiffusionHandlers:
    def __init__(self, settings: ServeSettings, ui: SimpleNamespace, record: gr.State) -> None:
        self.device = str(pick_device(settings.device))
        self.ui = ui
        # update names (playground.views.diffusion.run_updates, views.hub_diffusion.run_updates) -> components
        self.targets = {"view": ui.view, "tokens": ui.tokens, "encoding": ui.encoding, "schedule": ui.schedule,
                        "record": record, "scrub": ui.scrub, "gallery": ui.gallery, "gif": ui.gif,
                        "att_step": ui.att_step}
        self.compare_targets = {"view": ui.view, "compare": ui.compare}  # views.diffusion_compare.compare_updates

    def _refused(self, exc: Exception) -> dict:
        """A job refused before it started: the status says why."""
        return {self.ui.view: dv.status_html(failure_note(exc, "diffusion"), kind="error")}

    def _stream(self, updates, targets: dict, sw: Switch):
        for update in stream_live(updates, targets, self.ui.view, sw.channel):
            for slider in (self.ui.scrub, self.ui.att_step):  # slider settings by name: the slider's new range
                if slider in update:
                    update[slider] = gr.Slider(**{"interactive": True, **update[slider]})
            yield update

    def run(self, sw: Switch, clean: torch.Tensor | None, t_start: int | None, prompt, n, steps, scheduler,
            guidance, seed):
        """Stream one run (see ``views.diffusion.run_updates``); a refused run says why in the status."""
        settings = yield from self._opening(sw, lambda: sample.settings_from(prompt, n, steps, scheduler, guidance,
                                                                             seed))
        model, base = dm.shipped(self.device)
        record = dv.Record(sample.Trace(settings))
        start = None if clean is None else (clean, int(t_start))
        events = sample.denoise(model, base, settings, start, sw.should_stop, record.trace)
        yield from self._stream(dv.run_updates(events, record, sample.shipped_curves(self.device), sw.channel),
                                self.targets, sw)

    def _opening(self, sw: Switch, settings_of):
        """A run's first part: the settings checked before the view starts following it (a refusal says why in
        the status), then the live box; returns the settings. ``settings = yield from self._opening(...)``."""
        sw.start()
        try:
            settings = settings_of()
            settings.check()
        except Exception as exc:
            yield self._refused(exc)
            raise
        yield {self.ui.view: live_box(sw.channel, dv.reading_html(), stop=STOP)}
        return settings

    def compare(self, sw: Switch, prompt, n, steps, scheduler, seed):
        """Stream the guidance comparison through the same live view, Stop included
        (``views.diffusion_compare.compare_updates``)."""
        settings = yield from self._opening(sw, lambda: sample.settings_from(prompt, n, steps, scheduler,
                                                                             sample.GUIDANCES[0], seed))
        model, base = dm.shipped(self.device)
        events = sample.compare_guidance(model, base, settings, should_stop=sw.should_stop)
        yield from self._stream(dc.compare_updates(events, sample.shipped_curves(self.device), sw.channel),
                                self.compare_targets, sw)

    def hub_run(self, sw: Switch, model: str, side, prompt, steps, scheduler, guidance, seed):
        """Stream one run of a Hub pipeline through the same live view (``views.hub_diffusion``): first how its
        loading (a download, the first time) goes, in the status."""
        sw.start()
        try:
            s = hub_loop.image_settings(prompt, steps, scheduler, guidance, seed, side, side)
            loading = hub_views.load_updates(model)
            while True:
                try:
                    update = next(loading)
                except StopIteration as loaded:
                    pipe = loaded.value
                    break
                yield {self.targets[name]: value for name, value in update.items()}
            s.check(pipe)
        except Exception as exc:
            yield self._refused(exc)
            raise
        yield {self.ui.view: live_box(sw.channel, dv.reading_html(), stop=STOP)}
        yield from self._stream(hub_views.follow(pipe, s, sw.channel, sw.should_stop), self.targets, sw)

    def scrub(self, record: dv.Record | None, step):
        update = dv.scrub_view(record, step, sample.shipped_curves(self.device))
        return [update.get("view", gr.skip()), update.get("schedule", gr.skip())]

    def attention(self, record, step, image):
        if isinstance(record, hub_views.HubRecord):
            return hub_views.attention_view(record, step)
        return dv.attention_view(dm.shipped(self.device)[0], record, step, image)

    def forward(self, clean: torch.Tensor | None, t):
        return dv.forward_view(dm.shipped(self.device)[1], clean, t)

    def first_load(self):
        """The schedule plot and its terms' definitions in the page's language; digits picked from the list
        written in it too (Spanish words on a Spanish page)."""
        return dv.opening(sample.shipped_curves(self.device) if dm.DEFAULT_DIR.exists() else None)

    @staticmethod
    def schedulers(model, current) -> gr.Dropdown:
        choices, value = hub_views.scheduler_choices(model, current)
        return gr.Dropdown(choices=choices, value=value)

    def api(self, prompt, n, steps, scheduler, guidance, seed) -> list[str]:
        """The final images of a run as PNG files; the same inputs give the same images."""
        model, base = dm.shipped(self.device)
        return dv.png_files(sample.generate(model, base, sample.settings_from(prompt, n, steps, scheduler, guidance,
                                                                              seed)))

    def image_api(self, prompt, model, steps, scheduler, guidance, seed, height, width) -> str:
        """One image as a PNG file, from the shipped digit model ("toy") or a Hub pipeline ("hf:<repo>");
        the same inputs give the same image."""
        s = hub_loop.image_settings(prompt, steps, scheduler, guidance, seed, height, width)
        return dv.image_file(hub_loop.generate_image(model, s, self.device))


def _wire(tab: DiffusionHandlers, ui: SimpleNamespace, demo: gr.Blocks, record: gr.State, clean: gr.State,
          switch: gr.State, limits: TrainLimits) -> None:
    run_out = list(tab.targets.values())
    queue = {"concurrency_limit": 2, "concurrency_id": "diffusion"}
    settings_in = [ui.prompt, ui.n, ui.steps, ui.scheduler, ui.guidance, ui.seed]

    def generate(sw, model, side, *args):
        if hub.is_hub(str(model or "")):  # prompt, steps, scheduler, guidance, seed: the toy's n has no say
            prompt, _, steps, scheduler, guidance, seed = args
            yield from tab.hub_run(sw, str(model), side, prompt, steps, scheduler, guidance, seed)
        else:
            yield from tab.run(sw, None, None, *args)

    def from_here(sw, x, t, *args):
        if x is None:
            raise error("diffusion.no_clean_first")
        yield from tab.run(sw, x, t, *args)

    # the run buttons rest while a run's event goes on (its gallery and GIF are still being built after "Done"
    # shows): a click then would be dropped without a word, as Gradio takes one run of an event at a time
    busy = [ui.generate, ui.from_here, ui.compare_btn]
    held(ui.generate.click, busy, guard(on_gpu(generate, limits)), [switch, ui.model, ui.side, *settings_in], run_out,
         **queue, **QUIET)
    ui.model.change(guard(tab.schedulers), [ui.model, ui.scheduler], [ui.scheduler], **QUIET)
    for changed in (ui.model.change, ui.side.release, ui.steps.release):
        # a cost may wait for a whole download: its own queue, so it never holds a slot that runs wait for
        changed(guard(hub_views.cost_notes), [ui.model, ui.side, ui.steps, ui.guidance], [ui.cost],
                concurrency_limit=2, concurrency_id="hub-cost", **QUIET)
    held(ui.from_here.click, busy, guard(on_gpu(from_here, limits)), [switch, clean, ui.t, *settings_in], run_out,
         **queue, **QUIET)
    ui.randomize.click(guard(lambda: random.randrange(1_000_000)), None, [ui.seed], **QUIET)
    ui.pick.select(guard(lambda d, form: prompts.class_prompt(int(d), form)), [ui.pick, ui.form], [ui.prompt],
                   **QUIET)
    ui.form.change(guard(lambda d, form: gr.skip() if d is None else prompts.class_prompt(int(d), form)),
                   [ui.pick, ui.form], [ui.prompt], **QUIET)
    ui.scrub.input(guard(tab.scrub), [record, ui.scrub], [ui.view, ui.schedule],
                   trigger_mode="always_last", **QUIET)
    ui.att_btn.click(guard(on_gpu(tab.attention, limits)), [record, ui.att_step, ui.att_image], [ui.att_plot],
                     **queue, **QUIET)
    held(ui.compare_btn.click, busy, guard(on_gpu(tab.compare, limits)),
         [switch, ui.prompt, ui.n, ui.steps, ui.scheduler, ui.seed], [ui.view, ui.compare], **queue, **QUIET)
    demo.load(guard(tab.first_load), None, [ui.schedule, ui.terms, ui.form], **QUIET)
    _wire_forward(tab, ui, record, clean)
    api = ui.api
    api.btn.click(guard(on_gpu(tab.api, limits)), [api.prompt, api.n, api.steps, api.scheduler, api.guidance, api.seed], [api.out],
                  api_name="generate_digits", **queue)
    img = ui.image_api
    img.btn.click(guard(on_gpu(tab.image_api, limits)), [img.prompt, img.model, img.steps, img.scheduler, img.guidance,
                                                         img.seed, img.height, img.width], [img.out],
                  api_name="generate_image", **queue)


def _wire_forward(tab: DiffusionHandlers, ui: SimpleNamespace, record: gr.State, clean: gr.State) -> None:
    def from_pad(evt: gr.EventData):
        data = decode_data_url(getattr(evt, "_data", {}).get("image"))
        return dv.digit_image(data)

    def from_upload(path):
        return dv.digit_image(path) if path else gr.skip()

    forward = {"fn": guard(tab.forward), "inputs": [clean, ui.t], "outputs": [ui.noisy, ui.forward_note], **QUIET}
    ui.pad.input(guard(from_pad), None, [clean], trigger_mode="always_last", **QUIET).then(**forward)
    ui.upload.upload(guard(from_upload), [ui.upload], [clean], **QUIET).then(**forward)
    ui.use_last.click(guard(dv.last_image), [record], [clean], **QUIET).then(**forward)
    ui.t.release(**forward)


def create_tab(demo: gr.Blocks, settings: ServeSettings, limits: TrainLimits | None = None) -> None:
    """Lay out the Diffusion tab inside the current gr.Tab and wire its events."""
    gr.Markdown(L("diffusion.intro"))
    record, clean, switch = gr.State(None), gr.State(None), gr.State(Switch())
    ui = SimpleNamespace()
    _controls(ui)
    _views(ui)
    _extras(ui)
    _wire(DiffusionHandlers(settings, ui, record), ui, demo, record, clean, switch, limits or TrainLimits())
