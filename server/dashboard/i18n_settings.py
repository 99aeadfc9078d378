"""The Settings pages' words (general, music, models), kept apart from ``i18n.TEXTS`` which takes them in."""

from __future__ import annotations

SETTINGS_TEXTS: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "settings_general": ("家庭", "Household"),
    "music": ("音乐", "Music"),
    "models": ("模型", "Models"),
    "location": ("家在哪里", "Where home is"),
    "latitude": ("纬度（-90 到 90）", "Latitude (-90 to 90)"),
    "longitude": ("经度（-180 到 180）", "Longitude (-180 to 180)"),
    "library_folders": ("音乐文件夹", "Music folders"),
    "no_folders": ("还没有音乐文件夹。", "No music folder yet."),
    "add_folder": ("添加文件夹（服务器上的绝对路径）", "Add a folder (an absolute path on the server)"),
    "add": ("添加", "Add"),
    "remove": ("删除", "Remove"),
    "rescan": ("现在重新扫描", "Rescan now"),
    "rescan_scans": ("扫描服务器启动时的文件夹", "Rescans the folders the server started with"),
    "scanned": ("扫描完成", "Scanned"),
    "tracks": ("首", "tracks"),
    "unreadable": ("无法读取", "unreadable"),
    "stations": ("电台", "Radio stations"),
    "no_stations": ("还没有电台。", "No station yet."),
    "add_station": ("添加电台", "Add a station"),
    "station_id": ("编号（字母、数字、-、_）", "Id (letters, digits, - and _)"),
    "station_name_zh": ("中文名", "Chinese name"),
    "station_name_en": ("英文名", "English name"),
    "station_url": ("流地址或 m3u/pls 播放列表", "Stream URL, or an m3u/pls playlist"),
    "models_dir": ("模型目录", "Models folder"),
    "installed": ("已安装", "installed"),
    "not_installed": ("未安装", "not installed"),
    "used_for": ("用于", "used for"),
    "download": ("下载", "Download"),
    "downloading": ("正在下载", "Downloading"),
    "starting": ("正在开始……", "starting…"),
    "download_done": ("已下载并安装。", "Downloaded and installed."),
    "download_failed": ("下载失败", "Download failed"),
}
