"""Weather providers behind one interface (``WeatherProvider``), one module each, chosen by config."""
