"""The configurator page's own words in each language (data; the page speaks its ``lang``).

Values are constants of ours, some with markup (``<code>``); nothing a client sent is in them.
``{…}`` fields are filled by the template or by demo.js.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "ko": {
        "what_iframe": "iframe 코드", "what_script": "스크립트 코드", "what_amp": "AMP 코드",
        "heading": "날씨 티커 설정",
        "description": "기상청 지상관측(ASOS) 값을 보여 주는 날씨 티커 위젯. 지점과 모양을 고르고,"
                       " 미리 보고, "
                       "iframe이나 스크립트 한 줄로 어떤 사이트에든 넣을 수 있습니다.",
        "intro": "기상청 지상관측(ASOS) 값을 보여 주는 티커입니다. 지점과 모양을 고르면 아래 미리 "
                 "보기와 "
                 "붙여 넣을 코드가 바뀝니다.",
        "json": "같은 데이터의 JSON:", "stations_link": "지점", "sets_link": "세트",
        "check": "설정을 확인해 주세요", "defaults_below": "아래는 기본 설정입니다.",
        "stations": "지점", "set": "세트", "set_own": "직접 고르기 (고르지 않으면 기본 {n}곳)",
        "set_hint": "세트를 고르면 아래에서 고른 지점은 쓰지 않습니다.", "pick": "지점 고르기",
        "search": "이름으로 찾기", "search_hint": "Enter 키를 누르면 가장 잘 맞는 지점을 고릅니다.",
        "picked": "고른 지점, 표시 순서대로",
        "picked_none": "아직 없습니다. 고르지 않으면 기본 스트립이 나옵니다.",
        "no_script": "자바스크립트 없이는 아래 목록 순서대로 나옵니다.",
        "look": "모양", "theme": "테마", "size": "크기", "speed": "흐르는 속도", "lang": "언어",
        "warnings": "기상특보 배지", "colors": "색",
        "colors_hint": "비워 두면 테마의 색입니다. 투명 테마의 글자색은 fg입니다: 어두운 사이트에"
                       "서는 "
                       "밝은 글자색을 고르세요.",
        "color_pick": "{name} 고르기",
        "contrast_low": "글자색과 배경색의 명암비가 {ratio}:1로 4.5:1보다 낮아 읽기 어렵습니다.",
        "show": "더 보기", "preview": "미리 보기",
        "preview_title": "미리 보기: {title} (기상청 제공)",
        "preview_dark_title": "미리 보기, 어두운 사이트: {title} (기상청 제공)",
        "snippets": "붙여 넣을 코드",
        "address_local": "이 코드는 이 컴퓨터나 사설망의 주소({host})를 가리킵니다: 다른 사이트의 "
                         "방문자는 "
                         "닿지 못합니다. config.yaml에 server.public_url을 설정하세요.",
        "address_unset": "server.public_url이 설정되지 않아, 코드의 주소는 이 페이지를 연 주소입니"
                         "다.",
        "iframe_heights": "위젯은 어느 너비에서나 한 줄입니다. iframe 높이는 크기에 따라 정해집니"
                          "다",
        "copy_iframe": "iframe 코드 복사",
        "cms": "글쓴이의 <code>&lt;script&gt;</code>를 지우는 CMS(관리자가 아닌 글쓴이의 WordPress"
               " 등)에서는 "
               "이 iframe 코드를 쓰세요.",
        "script": "스크립트", "copy_script": "스크립트 코드 복사",
        "amp": "AMP 페이지에는 <code>amp-iframe</code> 확장 스크립트와 함께 이 코드를 넣습니다. AM"
               "P는 https "
               "주소만 싣습니다.",
        "copy_amp": "AMP 코드 복사",
        "options": "옵션",
        "options_intro": "<code>/widget</code>의 쿼리 파라미터, 또는 스크립트 태그의 <code>data-*<"
                         "/code> "
                         "속성입니다.\n값이 틀리면 그 파라미터를 밝힌 400 페이지가 나옵니다.",
        "opt_cities": "쉼표로 잇는 지점 id, 표시 순서대로",
        "opt_cities_default": "기본: 설정된 스트립",
        "opt_set": "<code>cities</code> 대신 설정된 세트의 이름",
        "opt_transparent": "<code>transparent</code>의 글자색은 <code>fg</code>",
        "opt_show": "중 몇 개든 쉼표로 이어서 (지점의 낮과 밤에 맞춘 날씨 아이콘, 체감온도, 오늘 "
                    "최저/최고, "
                    "미세먼지 등급, 예보, 24시간 기온 추이)",
        "opt_warnings": "발효 중인 기상특보를 지점 앞 배지로 (기본: on)",
        "opt_colors": "<code>#rrggbb</code> 꼴의 색 (주소에서는 <code>#</code>을 <code>%23</code>"
                      "으로)",
        "opt_refresh": "업데이트 간격(초), 2–3600 (기본: 서버 설정)",
        "icons": "날씨 아이콘",
        # demo.js
        "matches": "{n}곳이 맞습니다.", "remove": "빼기", "remove_named": "{name} 빼기",
        "chosen": "{name}: 골랐습니다.", "copied": "{what}: 복사했습니다.",
        "copy_by_hand": "Ctrl+C로 복사하세요.",
    },
    "en": {
        "what_iframe": "iframe code", "what_script": "script code", "what_amp": "AMP code",
        "heading": "Weather ticker settings",
        "description": "A weather ticker widget showing KMA surface observations (ASOS). Pick stat"
                       "ions "
                       "and a look, preview it, and put it on any site with an iframe or one scrip"
                       "t "
                       "line.",
        "intro": "A ticker of KMA surface observations (ASOS). Pick stations and a look; the previ"
                 "ew "
                 "and the code to paste below follow.",
        "json": "The same data as JSON:", "stations_link": "stations", "sets_link": "sets",
        "check": "Check the settings", "defaults_below": "Below are the default settings.",
        "stations": "Stations", "set": "Set",
        "set_own": "Pick my own (none picked: the default {n})",
        "set_hint": "With a set chosen, the stations picked below are not used.",
        "pick": "Pick stations",
        "search": "Find by name", "search_hint": "Enter picks the best match.",
        "picked": "Picked stations, in display order",
        "picked_none": "None yet. With none picked, the default strip is shown.",
        "no_script": "Without JavaScript they show in the order of the list below.",
        "look": "Look", "theme": "Theme", "size": "Size", "speed": "Scroll speed",
        "lang": "Language", "warnings": "Weather warning badges", "colors": "Colours",
        "colors_hint": "Empty means the theme's colour. The transparent theme's text colour is fg: "
                       "on a dark site, pick a light text colour.",
        "color_pick": "Pick {name}",
        "contrast_low": "Text and background have a contrast of {ratio}:1, below 4.5:1: hard to "
                        "read.",
        "show": "Extras", "preview": "Preview",
        "preview_title": "Preview: {title} (Korea Meteorological Administration)",
        "preview_dark_title": "Preview on a dark site: {title} (Korea Meteorological "
                              "Administration)",
        "snippets": "Code to paste",
        "address_local": "This code points at an address of this computer or a private network "
                         "({host}): visitors of another site cannot reach it. Set "
                         "server.public_url in config.yaml.",
        "address_unset": "server.public_url is not set, so the code uses the address this page "
                         "was opened at.",
        "iframe_heights": "The widget is one line at every width. The iframe's height follows its "
                          "size",
        "copy_iframe": "Copy the iframe code",
        "cms": "Where a CMS strips authors' <code>&lt;script&gt;</code> (WordPress for authors who "
               "are not administrators, say), use this iframe code.",
        "script": "Script", "copy_script": "Copy the script code",
        "amp": "On AMP pages, put this code with the <code>amp-iframe</code> extension script. AMP "
               "loads https addresses only.",
        "copy_amp": "Copy the AMP code",
        "options": "Options",
        "options_intro": "Query parameters of <code>/widget</code>, or <code>data-*</code> "
                         "attributes of the script tag.\nA wrong value gets a 400 page naming the "
                         "parameter.",
        "opt_cities": "station ids joined by commas, in display order",
        "opt_cities_default": "default: the configured strip",
        "opt_set": "the name of a configured set, instead of <code>cities</code>",
        "opt_transparent": "<code>transparent</code> takes its text colour from <code>fg</code>",
        "opt_show": "any of these, joined by commas (a weather icon by the station's day and "
                    "night, feels-like, today's low/high, fine dust grade, forecast, 24-hour "
                    "temperature trend)",
        "opt_warnings": "weather warnings in force, as a badge before the station (default: on)",
        "opt_colors": "a colour as <code>#rrggbb</code> (in an address, <code>#</code> as "
                      "<code>%23</code>)",
        "opt_refresh": "update interval in seconds, 2–3600 (default: the server's setting)",
        "icons": "Weather icons",
        "matches": "{n} match.", "remove": "Remove", "remove_named": "Remove {name}",
        "chosen": "{name}: picked.", "copied": "{what}: copied.",
        "copy_by_hand": "Press Ctrl+C to copy.",
    },
    "ja": {
        "what_iframe": "iframe のコード", "what_script": "スクリプトのコード", "what_amp": "AMP の"
                                                                              "コード",
        "heading": "天気ティッカーの設定",
        "description": "韓国気象庁の地上観測(ASOS)を表示する天気ティッカーウィジェット。地点と見た"
                       "目を選び、"
                       "プレビューして、iframe かスクリプト1行でどのサイトにも載せられます。",
        "intro": "韓国気象庁の地上観測(ASOS)を表示するティッカーです。地点と見た目を選ぶと、下のプ"
                 "レビューと"
                 "貼り付けるコードが変わります。",
        "json": "同じデータの JSON:", "stations_link": "地点", "sets_link": "セット",
        "check": "設定を確認してください", "defaults_below": "以下は既定の設定です。",
        "stations": "地点", "set": "セット", "set_own": "自分で選ぶ(選ばなければ既定の{n}地点)",
        "set_hint": "セットを選ぶと、下で選んだ地点は使われません。", "pick": "地点を選ぶ",
        "search": "名前で探す", "search_hint": "Enter キーで最もよく合う地点を選びます。",
        "picked": "選んだ地点(表示順)",
        "picked_none": "まだありません。選ばなければ既定のティッカーが表示されます。",
        "no_script": "JavaScript なしでは下の一覧の順に表示されます。",
        "look": "見た目", "theme": "テーマ", "size": "サイズ", "speed": "流れる速さ",
        "lang": "言語", "warnings": "気象特報のバッジ", "colors": "色",
        "colors_hint": "空欄ならテーマの色です。透明テーマの文字色は fg です。暗いサイトでは明るい"
                       "文字色を"
                       "選んでください。",
        "color_pick": "{name}を選ぶ",
        "contrast_low": "文字色と背景色のコントラスト比が {ratio}:1 で、4.5:1 より低く読みにくくな"
                        "ります。",
        "show": "追加表示", "preview": "プレビュー",
        "preview_title": "プレビュー: {title}(韓国気象庁提供)",
        "preview_dark_title": "プレビュー、暗いサイト: {title}(韓国気象庁提供)",
        "snippets": "貼り付けるコード",
        "address_local": "このコードはこのコンピューターまたはプライベートネットワークのアドレス({"
                         "host})を"
                         "指しています。他のサイトの訪問者には届きません。config.yaml で "
                         "server.public_url を設定してください。",
        "address_unset": "server.public_url が設定されていないため、コードのアドレスはこのページを"
                         "開いた"
                         "アドレスです。",
        "iframe_heights": "ウィジェットはどの幅でも1行です。iframe の高さはサイズで決まります",
        "copy_iframe": "iframe のコードをコピー",
        "cms": "投稿者の <code>&lt;script&gt;</code> を取り除く CMS(管理者でない投稿者の WordPress"
               " など)"
               "では、この iframe のコードを使ってください。",
        "script": "スクリプト", "copy_script": "スクリプトのコードをコピー",
        "amp": "AMP ページには <code>amp-iframe</code> 拡張スクリプトと一緒にこのコードを入れます"
               "。AMP は "
               "https のアドレスしか読み込みません。",
        "copy_amp": "AMP のコードをコピー",
        "options": "オプション",
        "options_intro": "<code>/widget</code> のクエリパラメーター、またはスクリプトタグの "
                         "<code>data-*</code> 属性です。\n値が誤っていると、そのパラメーターを示す"
                         " 400 "
                         "ページが返ります。",
        "opt_cities": "カンマでつないだ地点 id(表示順)",
        "opt_cities_default": "既定: 設定されたティッカー",
        "opt_set": "<code>cities</code> の代わりに、設定されたセットの名前",
        "opt_transparent": "<code>transparent</code> の文字色は <code>fg</code>",
        "opt_show": "のうち任意の数をカンマでつないで(地点の昼夜に合わせた天気アイコン、体感温度、"
                    "今日の"
                    "最低/最高、微細粉じんの等級、予報、24時間の気温推移)",
        "opt_warnings": "発表中の気象特報を地点の前にバッジで表示(既定: on)",
        "opt_colors": "<code>#rrggbb</code> 形式の色(アドレスでは <code>#</code> を "
                      "<code>%23</code> に)",
        "opt_refresh": "更新間隔(秒)、2–3600(既定: サーバーの設定)",
        "icons": "天気アイコン",
        "matches": "{n}地点が一致します。", "remove": "外す", "remove_named": "{name}を外す",
        "chosen": "{name}: 選びました。", "copied": "{what}: コピーしました。",
        "copy_by_hand": "Ctrl+C でコピーしてください。",
    },
    "zh": {
        "what_iframe": "iframe 代码", "what_script": "脚本代码", "what_amp": "AMP 代码",
        "heading": "天气滚动条设置",
        "description": "显示韩国气象厅地面观测(ASOS)数据的天气滚动条小部件。选择站点和外观,预览后,"
                       "用 iframe 或一行脚本即可放到任何网站。",
        "intro": "显示韩国气象厅地面观测(ASOS)数据的滚动条。选择站点和外观后,下方的预览和要粘贴的"
                 "代码"
                 "会随之改变。",
        "json": "相同数据的 JSON:", "stations_link": "站点", "sets_link": "组合",
        "check": "请检查设置", "defaults_below": "以下为默认设置。",
        "stations": "站点", "set": "组合", "set_own": "自行选择(不选则为默认的{n}个站点)",
        "set_hint": "选择组合后,下方选择的站点将不被使用。", "pick": "选择站点",
        "search": "按名称查找", "search_hint": "按 Enter 键选择最匹配的站点。",
        "picked": "已选站点(按显示顺序)",
        "picked_none": "尚未选择。不选则显示默认滚动条。",
        "no_script": "没有 JavaScript 时,按下方列表的顺序显示。",
        "look": "外观", "theme": "主题", "size": "大小", "speed": "滚动速度",
        "lang": "语言", "warnings": "气象预警徽章", "colors": "颜色",
        "colors_hint": "留空则使用主题颜色。透明主题的文字颜色为 fg:在深色网站上请选择浅色文字。",
        "color_pick": "选择{name}",
        "contrast_low": "文字颜色与背景颜色的对比度为 {ratio}:1,低于 4.5:1,难以阅读。",
        "show": "附加显示", "preview": "预览",
        "preview_title": "预览:{title}(韩国气象厅提供)",
        "preview_dark_title": "预览,深色网站:{title}(韩国气象厅提供)",
        "snippets": "要粘贴的代码",
        "address_local": "此代码指向本机或私有网络的地址({host}):其他网站的访客无法访问。"
                         "请在 config.yaml 中设置 server.public_url。",
        "address_unset": "未设置 server.public_url,因此代码中的地址是打开本页面时的地址。",
        "iframe_heights": "小部件在任何宽度下都是一行。iframe 的高度由大小决定",
        "copy_iframe": "复制 iframe 代码",
        "cms": "在会删除作者 <code>&lt;script&gt;</code> 的 CMS(如非管理员作者的 WordPress)中,"
               "请使用此 iframe 代码。",
        "script": "脚本", "copy_script": "复制脚本代码",
        "amp": "在 AMP 页面中,将此代码与 <code>amp-iframe</code> 扩展脚本一起放入。AMP 只加载 http"
               "s "
               "地址。",
        "copy_amp": "复制 AMP 代码",
        "options": "选项",
        "options_intro": "<code>/widget</code> 的查询参数,或脚本标签的 <code>data-*</code> 属性。\n"
                         "值有误时,会返回指明该参数的 400 页面。",
        "opt_cities": "用逗号连接的站点 id,按显示顺序",
        "opt_cities_default": "默认:配置的滚动条",
        "opt_set": "代替 <code>cities</code> 的已配置组合名称",
        "opt_transparent": "<code>transparent</code> 的文字颜色取自 <code>fg</code>",
        "opt_show": "中任意几个,用逗号连接(按站点昼夜显示的天气图标、体感温度、今日最低/最高、微尘"
                    "等级、"
                    "预报、24小时气温趋势)",
        "opt_warnings": "生效中的气象预警,以徽章显示在站点前(默认:on)",
        "opt_colors": "<code>#rrggbb</code> 形式的颜色(在地址中 <code>#</code> 写作 "
                      "<code>%23</code>)",
        "opt_refresh": "更新间隔(秒),2–3600(默认:服务器设置)",
        "icons": "天气图标",
        "matches": "匹配 {n} 个站点。", "remove": "移除", "remove_named": "移除{name}",
        "chosen": "{name}:已选择。", "copied": "{what}:已复制。",
        "copy_by_hand": "请按 Ctrl+C 复制。",
    },
}

# The form's choices, by field then value. Language names stay in their own language.
CHOICES: dict[str, dict[str, dict[str, str]]] = {
    "ko": {"theme": {"light": "밝게", "dark": "어둡게", "auto": "시스템 설정 따라",
                     "transparent": "투명 (사이트 배경)"},
           "speed": {"slow": "느리게", "normal": "보통", "fast": "빠르게"},
           "size": {"s": "작게", "m": "보통", "l": "크게", "xl": "아주 크게"},
           "show": {"icon": "날씨 아이콘", "feels": "체감온도", "minmax": "오늘 최저 / 최고",
                    "air": "미세먼지 등급", "forecast": "예보 (오늘, 17시부터 내일)",
                    "trend": "24시간 기온 추이"},
           "warnings": {"on": "보이기", "off": "숨기기"},
           "color": {"bg": "배경색", "fg": "글자색", "accent": "강조색"}},
    "en": {"theme": {"light": "Light", "dark": "Dark", "auto": "Follow the system",
                     "transparent": "Transparent (site background)"},
           "speed": {"slow": "Slow", "normal": "Normal", "fast": "Fast"},
           "size": {"s": "Small", "m": "Medium", "l": "Large", "xl": "Extra large"},
           "show": {"icon": "Weather icons", "feels": "Feels-like", "minmax": "Today's low / high",
                    "air": "Fine dust grade", "forecast": "Forecast (today; tomorrow from 17:00)",
                    "trend": "24-hour temperature trend"},
           "warnings": {"on": "Show", "off": "Hide"},
           "color": {"bg": "Background", "fg": "Text", "accent": "Accent"}},
    "ja": {"theme": {"light": "明るい", "dark": "暗い", "auto": "システム設定に従う",
                     "transparent": "透明(サイトの背景)"},
           "speed": {"slow": "遅い", "normal": "普通", "fast": "速い"},
           "size": {"s": "小", "m": "中", "l": "大", "xl": "特大"},
           "show": {"icon": "天気アイコン", "feels": "体感温度", "minmax": "今日の最低 / 最高",
                    "air": "微細粉じんの等級", "forecast": "予報(今日、17時から明日)",
                    "trend": "24時間の気温推移"},
           "warnings": {"on": "表示", "off": "非表示"},
           "color": {"bg": "背景色", "fg": "文字色", "accent": "強調色"}},
    "zh": {"theme": {"light": "浅色", "dark": "深色", "auto": "跟随系统",
                     "transparent": "透明(网站背景)"},
           "speed": {"slow": "慢", "normal": "普通", "fast": "快"},
           "size": {"s": "小", "m": "中", "l": "大", "xl": "特大"},
           "show": {"icon": "天气图标", "feels": "体感温度", "minmax": "今日最低 / 最高",
                    "air": "微尘等级", "forecast": "预报(今日,17时起为明日)",
                    "trend": "24小时气温趋势"},
           "warnings": {"on": "显示", "off": "隐藏"},
           "color": {"bg": "背景颜色", "fg": "文字颜色", "accent": "强调颜色"}},
}
