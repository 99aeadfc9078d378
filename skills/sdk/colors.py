"""Colour names in both languages -> RGB, and RGB <-> hue/saturation (what Zigbee lights take).

The home skill's ``{color}`` list (its sentence files) gives a colour id; ``COLORS`` has its RGB value
and what it is called when ting speaks. Colour temperatures by name (warm / 暖光) are in
``WHITE_KELVIN``.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

from ting.skills.sdk.home import RGB


@dataclass(frozen=True)
class Color:
    id: str
    rgb: RGB
    zh: str
    en: str


COLORS: dict[str, Color] = {
    color.id: color
    for color in (
        Color("red", (255, 0, 0), "红色", "red"),
        Color("orange", (255, 165, 0), "橙色", "orange"),
        Color("yellow", (255, 255, 0), "黄色", "yellow"),
        Color("green", (0, 255, 0), "绿色", "green"),
        Color("cyan", (0, 255, 255), "青色", "cyan"),
        Color("blue", (0, 0, 255), "蓝色", "blue"),
        Color("purple", (128, 0, 128), "紫色", "purple"),
        Color("pink", (255, 192, 203), "粉色", "pink"),
        Color("white", (255, 255, 255), "白色", "white"),
        Color("warm_white", (255, 180, 107), "暖白色", "warm white"),
        Color("gold", (255, 215, 0), "金色", "gold"),
    )
}

WHITE_KELVIN: dict[str, int] = {"warm": 2700, "neutral": 4000, "cool": 6500}
"""Named colour temperatures (``warm`` = 暖光, ``neutral`` = 自然光, ``cool`` = 冷光 / daylight)."""


def rgb_to_hs(rgb: RGB) -> tuple[float, float]:
    """Hue in degrees (0–360) and saturation in percent (0–100), brightness left aside."""
    hue, saturation, _ = colorsys.rgb_to_hsv(*(part / 255 for part in rgb))
    return round(hue * 360, 1), round(saturation * 100, 1)


def hs_to_rgb(hue_degrees: float, saturation_percent: float) -> RGB:
    red, green, blue = colorsys.hsv_to_rgb((hue_degrees % 360) / 360, saturation_percent / 100, 1.0)
    return round(red * 255), round(green * 255), round(blue * 255)


def nearest_color(rgb: RGB) -> Color:
    """The named colour closest to ``rgb`` (what to call a colour a light reports)."""
    return min(
        COLORS.values(), key=lambda color: sum((a - b) ** 2 for a, b in zip(color.rgb, rgb, strict=True))
    )


def color_name(rgb: RGB, lang: str) -> str:
    color = nearest_color(rgb)
    return color.zh if lang == "zh" else color.en
