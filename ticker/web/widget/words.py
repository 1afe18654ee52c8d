"""The widget's own words and date formats in each language (data; one row per language)."""

from __future__ import annotations

# Monday first (date.weekday()); the date line's full and narrow forms per language, filled
# with y, m, d (numbers), mm, dd (two digits), mon (the month's English name) and wd (the
# weekday's word). The page hands its script its language's row (``script_words``).
WEEKDAYS = {"ko": ("월", "화", "수", "목", "금", "토", "일"),
            "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
            "ja": ("月", "火", "水", "木", "金", "土", "日"),
            "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日")}
DATE_LINES = {"ko": ("{y}.{mm}.{dd} ({wd})", "{mm}.{dd}({wd})"),
              "en": ("{wd}, {d} {mon} {y}", "{wd} {d} {mon}"),
              "ja": ("{y}年{m}月{d}日({wd})", "{m}月{d}日({wd})"),
              "zh": ("{y}年{m}月{d}日 {wd}", "{m}月{d}日 {wd}")}
# The field of a city document that holds its name in each language.
NAME_FIELDS = {"ko": "name", "en": "name_en", "ja": "name_ja", "zh": "name_zh"}
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# The `_short` labels replace the full ones on narrow widgets, which keep the attribution in
# view (KMA's terms ask for the source to be shown).
LABELS: dict[str, dict[str, str]] = {
    "ko": {"title": "날씨 티커", "region": "주요 도시 날씨", "sample": "샘플 데이터",
           "sample_short": "샘플", "delayed": "업데이트 지연", "delayed_short": "지연",
           "attribution_short": "기상청 제공", "observed_before": "", "observed_after": " 관측",
           "pause": "일시정지", "previous": "이전 도시", "next": "다음 도시", "feels": "체감",
           "air": "미세먼지", "air_credit": "에어코리아", "low": "최저", "high": "최고",
           "link": "날씨 자세히 보기"},
    "en": {"title": "Weather ticker", "region": "Weather in major cities",
           "sample": "Sample data", "sample_short": "Sample", "delayed": "Update delayed",
           "delayed_short": "Delayed", "attribution_short": "KMA",
           "observed_before": "Observed ", "observed_after": "", "pause": "Pause",
           "previous": "Previous cities", "next": "Next cities", "feels": "feels",
           "air": "PM", "air_credit": "AirKorea", "low": "low", "high": "high",
           "link": "Weather details"},
    "ja": {"title": "天気ティッカー", "region": "主要都市の天気", "sample": "サンプルデータ",
           "sample_short": "サンプル", "delayed": "更新遅延", "delayed_short": "遅延",
           "attribution_short": "韓国気象庁", "observed_before": "",
           "observed_after": " 観測", "pause": "一時停止", "previous": "前の都市",
           "next": "次の都市", "feels": "体感", "air": "微細粉じん",
           "air_credit": "エアコリア", "low": "最低", "high": "最高",
           "link": "天気の詳細"},
    "zh": {"title": "天气滚动条", "region": "主要城市天气", "sample": "示例数据",
           "sample_short": "示例", "delayed": "更新延迟", "delayed_short": "延迟",
           "attribution_short": "韩国气象厅", "observed_before": "",
           "observed_after": " 观测", "pause": "暂停", "previous": "上一组城市",
           "next": "下一组城市", "feels": "体感", "air": "微尘", "air_credit": "AirKorea",
           "low": "最低", "high": "最高", "link": "天气详情"},
}
