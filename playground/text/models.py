"""Language models over token ids: the config, its checks and size, and the networks.

Owns ``LMConfig`` (what a person picks in the "Next word" tab), ``check_size`` (the
parameter cap, counted on the ``meta`` device so a huge request costs nothing),
``RecurrentLM`` (RNN, LSTM, GRU), ``TransformerLM`` (nanoGPT-style GPT) and
``build_lm`` (seeded construction that never touches the global RNG).

The models work on integer token ids only; turning text into ids is the tokenizer's
job. Both follow nanoGPT's interface: ``forward(idx, targets=None) -> (logits, loss)``
with ``idx`` (B, T) and ``logits`` (B, T, V).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from playground.errors import UserError

ARCHS = ("rnn", "lstm", "gru", "transformer")
POSITIONS = ("learned", "sinusoidal")


class ModelConfigError(UserError, ValueError):
    """A language-model setting that cannot be built (or is too big for this server)."""


class LMInputError(UserError, ValueError):
    """Token ids a model cannot take: an empty prompt, an id outside the vocabulary, too long a context."""


@dataclass(frozen=True)
class LMConfig:
    """What a language model looks like; ``check()`` says in plain words what is wrong with it."""

    arch: str = "transformer"  # "rnn" (tanh), "lstm", "gru" or "transformer"
    vocab_size: int = 256  # how many token ids the tokenizer produces; embedding rows and output scores
    n_layer: int = 4  # stacked recurrent layers, or transformer blocks
    n_embd: int = 256  # width: embedding size (and the recurrent hidden size unless n_hidden is set)
    n_head: int = 4  # attention heads per block (transformer only); must divide n_embd
    block_size: int = 64  # context length: tokens per training sequence; the most a transformer reads at once
    dropout: float = 0.0  # probability of zeroing an activation while training (0 = off)
    tie_weights: bool = True  # output layer shares the input embedding matrix (Press & Wolf 2017)
    positions: str = "learned"  # transformer positions: "learned" table or fixed "sinusoidal" (Vaswani §3.5)
    n_hidden: int | None = None  # recurrent hidden size; None means n_embd (ignored by the transformer)

    @property
    def hidden_size(self) -> int:
        """Width of the recurrent state (or of the transformer's residual stream)."""
        if self.arch == "transformer" or self.n_hidden is None:
            return self.n_embd
        return self.n_hidden

    def check(self) -> None:
        """Raise ModelConfigError with a plain message if this config cannot be built."""
        if self.arch not in ARCHS:
            raise ModelConfigError("lm.bad_arch", choices=", ".join(ARCHS), arch=self.arch)
        _whole(self.vocab_size, "lm.what_vocab", 2)
        _whole(self.n_layer, "lm.what_layers", 1)
        _whole(self.n_embd, "lm.what_width", 1)
        _whole(self.block_size, "lm.what_context", 1)
        if isinstance(self.dropout, bool) or not isinstance(self.dropout, (int, float)) \
                or not 0.0 <= self.dropout < 1.0:
            raise ModelConfigError("lm.bad_dropout", value=self.dropout)
        if not isinstance(self.tie_weights, bool):
            raise ModelConfigError("lm.bad_tie", value=self.tie_weights)
        if self.arch == "transformer":
            self._check_transformer()
        else:
            self._check_recurrent()

    def _check_transformer(self) -> None:
        _whole(self.n_head, "lm.what_heads", 1)
        if self.n_embd % self.n_head:
            raise ModelConfigError("lm.heads_split", width=self.n_embd, heads=self.n_head)
        if self.positions not in POSITIONS:
            raise ModelConfigError("lm.bad_positions", value=self.positions)

    def _check_recurrent(self) -> None:
        if self.n_hidden is not None:
            _whole(self.n_hidden, "lm.what_hidden", 1)
        if self.tie_weights and self.hidden_size != self.n_embd:
            # the head maps the hidden state (H) to V scores with the (V, C) embedding matrix: needs H == C
            raise ModelConfigError("lm.tied_sizes", hidden=self.hidden_size, width=self.n_embd)


def _whole(value, what: str, least: int) -> None:
    """``what``: the key naming the setting ("lm.what_layers": "the number of layers")."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ModelConfigError("lm.not_whole", what=UserError(what), value=value)
    if value < least:
        raise ModelConfigError("lm.too_small", what=UserError(what), least=least, value=value)


def _crop_error(length: int, block_size: int) -> LMInputError:
    return LMInputError("lm.input_too_long", length=length, block=block_size)


# ----------------------------------------------------------------------------- recurrent


class RecurrentLM(nn.Module):
    """Embedding → nn.RNN (tanh) / nn.LSTM / nn.GRU → dropout → linear head.

    The layout of pytorch/examples word_language_model/model.py (RNNModel), batch first.
    ``state`` is what the torch module carries: h (n_layer, B, H), or (h, c) for the LSTM.
    """

    def __init__(self, cfg: LMConfig):
        super().__init__()
        self.cfg = cfg
        H = cfg.hidden_size
        self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        self.drop = nn.Dropout(cfg.dropout)
        # torch applies dropout between stacked layers itself (and warns if asked to with one layer)
        between = cfg.dropout if cfg.n_layer > 1 else 0.0
        kind = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[cfg.arch]
        extra = {"nonlinearity": "tanh"} if cfg.arch == "rnn" else {}
        self.rnn = kind(cfg.n_embd, H, cfg.n_layer, batch_first=True, dropout=between, **extra)
        self.lm_head = nn.Linear(H, cfg.vocab_size)
        self.tie()

    def tie(self) -> None:
        """Share the embedding matrix with the head (Press & Wolf 2017, "Using the Output Embedding...")."""
        if self.cfg.tie_weights:
            self.lm_head.weight = self.wte.weight  # (V, C) used both ways

    @torch.no_grad()
    def init_weights(self, generator: torch.Generator) -> None:
        """Draw every weight from ``generator``.

        Embedding and head uniform in ±0.1 with a zero head bias (pytorch/examples
        word_language_model); recurrent weights and biases uniform in ±1/sqrt(H),
        PyTorch's own nn.RNN/LSTM/GRU initialisation (see their docs, "Variables").
        """
        nn.init.uniform_(self.wte.weight, -0.1, 0.1, generator=generator)
        if not self.cfg.tie_weights:
            nn.init.uniform_(self.lm_head.weight, -0.1, 0.1, generator=generator)
        nn.init.zeros_(self.lm_head.bias)
        bound = 1.0 / math.sqrt(self.cfg.hidden_size)
        for weight in self.rnn.parameters():
            nn.init.uniform_(weight, -bound, bound, generator=generator)

    def step(self, idx: torch.Tensor, state=None):
        """Run ``idx`` (B, T) on from ``state`` (None = zeros); return logits (B, T, V) and the new state.

        Generation feeds one token at a time through this, carrying the state, instead
        of re-reading the whole prefix.
        """
        x = self.drop(self.wte(idx))  # (B, T, C)
        out, state = self.rnn(x, state)  # out: (B, T, H), the last layer's h at every step
        logits = self.lm_head(self.drop(out))  # (B, T, V)
        return logits, state

    def forward(self, idx: torch.Tensor, targets: torch.Tensor | None = None, state=None):
        """``idx`` (B, T) → (logits (B, T, V), mean cross-entropy over all positions or None)."""
        logits, _ = self.step(idx, state)
        return logits, _loss(logits, targets)


def _loss(logits: torch.Tensor, targets: torch.Tensor | None) -> torch.Tensor | None:
    """Mean cross-entropy over every position (nanoGPT); target -1 marks a position to skip."""
    if targets is None:
        return None
    return F.cross_entropy(logits.reshape(-1, logits.size(-1)), targets.reshape(-1), ignore_index=-1)


# ----------------------------------------------------------------------------- transformer


def sinusoidal_positions(T: int, C: int) -> torch.Tensor:
    """The fixed table of "Attention Is All You Need" §3.5, shape (T, C).

    PE(pos, 2i) = sin(pos / 10000^(2i/C)),  PE(pos, 2i+1) = cos(pos / 10000^(2i/C)).
    """
    pos = torch.arange(T, dtype=torch.float32).unsqueeze(1)  # (T, 1)
    even = torch.arange(0, C, 2, dtype=torch.float32)  # the 2i, (ceil(C/2),)
    freq = torch.exp(-math.log(10000.0) * even / C)  # 1 / 10000^(2i/C)
    table = torch.zeros(T, C)
    table[:, 0::2] = torch.sin(pos * freq)
    table[:, 1::2] = torch.cos(pos * freq)[:, : C // 2]  # an odd width has one cosine column fewer
    return table


class CausalSelfAttention(nn.Module):
    """Multi-head masked self-attention (nanoGPT model.py), through F.scaled_dot_product_attention."""

    def __init__(self, cfg: LMConfig):
        super().__init__()
        self.n_head, self.n_embd, self.dropout = cfg.n_head, cfg.n_embd, cfg.dropout
        self.c_attn = nn.Linear(cfg.n_embd, 3 * cfg.n_embd)  # q, k, v for all heads in one matmul
        self.c_proj = nn.Linear(cfg.n_embd, cfg.n_embd)  # output projection, a residual branch's last layer
        self.resid_dropout = nn.Dropout(cfg.dropout)

    def heads(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """``x`` (B, T, C) → q, k, v, each (B, n_head, T, C // n_head)."""
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)  # each (B, T, C)
        return tuple(t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))

    def merge(self, y: torch.Tensor) -> torch.Tensor:
        """Per-head outputs (B, nh, T, hs) → side by side (B, T, C) → output projection."""
        B, nh, T, hs = y.shape
        return self.resid_dropout(self.c_proj(y.transpose(1, 2).reshape(B, T, nh * hs)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        q, k, v = self.heads(x)
        # softmax(QKᵀ/√d_k)V with the causal mask (Vaswani et al. 2017, eq. 1); SDPA picks a fused kernel
        p = self.dropout if self.training else 0.0
        y = F.scaled_dot_product_attention(q, k, v, dropout_p=p, is_causal=True)  # (B, nh, T, hs)
        return self.merge(y)


class MLP(nn.Module):
    """Position-wise feed-forward: C → 4C → GELU → C (GPT-2)."""

    def __init__(self, cfg: LMConfig):
        super().__init__()
        self.c_fc = nn.Linear(cfg.n_embd, 4 * cfg.n_embd)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * cfg.n_embd, cfg.n_embd)  # a residual branch's last layer
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.dropout(self.c_proj(self.gelu(self.c_fc(x))))  # (B, T, C)


class Block(nn.Module):
    """Pre-LayerNorm transformer block (GPT-2): x + attn(ln(x)), then x + mlp(ln(x))."""

    def __init__(self, cfg: LMConfig):
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.n_embd)
        self.attn = CausalSelfAttention(cfg)
        self.ln_2 = nn.LayerNorm(cfg.n_embd)
        self.mlp = MLP(cfg)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.ln_1(x))  # (B, T, C)
        return x + self.mlp(self.ln_2(x))


class TransformerLM(nn.Module):
    """A GPT: token + position embedding, pre-LN blocks, final LayerNorm, linear head (nanoGPT model.py)."""

    def __init__(self, cfg: LMConfig):
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        if cfg.positions == "learned":
            self.wpe = nn.Embedding(cfg.block_size, cfg.n_embd)
        else:
            self.wpe = None
            # not saved in state_dict: it is a fixed function of (block_size, n_embd)
            self.register_buffer("pe", sinusoidal_positions(cfg.block_size, cfg.n_embd), persistent=False)
        self.drop = nn.Dropout(cfg.dropout)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.n_layer))
        self.ln_f = nn.LayerNorm(cfg.n_embd)
        self.lm_head = nn.Linear(cfg.n_embd, cfg.vocab_size, bias=False)
        self.tie()

    def tie(self) -> None:
        """Share the token embedding with the head (Press & Wolf 2017; GPT-2 does)."""
        if self.cfg.tie_weights:
            self.lm_head.weight = self.wte.weight  # (V, C)

    @torch.no_grad()
    def init_weights(self, generator: torch.Generator) -> None:
        """GPT-2 initialisation (nanoGPT ``_init_weights``): weights N(0, 0.02), biases 0, LayerNorm 1/0;
        each residual branch's last projection N(0, 0.02/sqrt(2·n_layer)) so the residual stream's variance
        does not grow with depth (GPT-2 paper §2.3). Also refills the sinusoidal table."""
        for module in self.modules():
            if isinstance(module, (nn.Linear, nn.Embedding)):
                nn.init.normal_(module.weight, 0.0, 0.02, generator=generator)
                if getattr(module, "bias", None) is not None:
                    nn.init.zeros_(module.bias)
            elif isinstance(module, nn.LayerNorm):
                nn.init.ones_(module.weight)
                nn.init.zeros_(module.bias)
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * self.cfg.n_layer), generator=generator)
        if self.wpe is None:
            self.pe.copy_(sinusoidal_positions(self.cfg.block_size, self.cfg.n_embd))

    def embed(self, idx: torch.Tensor) -> torch.Tensor:
        """Token ids (B, T) → the residual stream's input (B, T, C)."""
        T = idx.size(1)
        if T > self.cfg.block_size:
            raise _crop_error(T, self.cfg.block_size)
        tok = self.wte(idx)  # (B, T, C)
        if self.wpe is not None:
            pos = self.wpe(torch.arange(T, device=idx.device))  # (T, C)
        else:
            # Vaswani §3.4 scales embeddings by √C so the fixed ±1 table does not swamp them
            tok = tok * math.sqrt(self.cfg.n_embd)
            pos = self.pe[:T]  # (T, C)
        return self.drop(tok + pos)

    def forward(self, idx: torch.Tensor, targets: torch.Tensor | None = None):
        """``idx`` (B, T ≤ block_size) → (logits (B, T, V), mean cross-entropy or None)."""
        x = self.embed(idx)  # (B, T, C)
        for block in self.blocks:
            x = block(x)
        logits = self.lm_head(self.ln_f(x))  # (B, T, V)
        return logits, _loss(logits, targets)


# ----------------------------------------------------------------------------- building


def _skeleton(cfg: LMConfig) -> nn.Module:
    """The network on the meta device: shapes only, no memory, no random numbers drawn."""
    cls = TransformerLM if cfg.arch == "transformer" else RecurrentLM
    with torch.device("meta"):
        return cls(cfg)


def param_count(cfg: LMConfig) -> int:
    """Trainable parameters of ``build_lm(cfg)`` (tied matrices once), counted on the meta device: instant."""
    cfg.check()
    return sum(p.numel() for p in _skeleton(cfg).parameters())


def check_size(cfg: LMConfig, max_params: int) -> int:
    """Refuse a network over ``max_params`` parameters; return its count otherwise."""
    count = param_count(cfg)
    if count > max_params:
        raise ModelConfigError("lm.too_big", count=count, cap=max_params)
    return count


def build_lm(cfg: LMConfig, seed: int = 0, device: torch.device | str = "cpu") -> nn.Module:
    """A RecurrentLM or TransformerLM with initial weights drawn from ``torch.Generator().manual_seed(seed)``.

    Built on the meta device, materialised on the CPU and initialised from a private
    generator (so the global RNG is never read or advanced, and two sessions building
    at once cannot disturb each other's seeds), then moved to ``device``: the same
    seed gives the same weights on every device.
    """
    cfg.check()
    model = _skeleton(cfg)
    model.to_empty(device="cpu")  # uninitialised CPU memory; every value is written below
    model.tie()  # to_empty gives each module its own new Parameter, which would untie the head
    model.init_weights(torch.Generator().manual_seed(seed))
    return model.to(device)
