"""`povlib.suggest` and `povlib.periods`: rules a new document's draft relies on, each written
from the wording of a sentence (the expected field is what the sentence says)."""

from __future__ import annotations

from povlib.draft.suggest import Context, Learner, suggest


def _suggest(text: str, raw: str, year: int = 2021) -> dict:
    fields, _ = suggest(Context(text, year, [], ""), Learner([], {}, {}), raw, text.index(raw))
    return fields


def _indicator(text: str, raw: str, indicators: dict) -> str:
    fields, _ = suggest(Context(text, 2021, [], ""), Learner([], {}, indicators), raw, text.index(raw))
    return fields["indicator"]


def _period(fields: dict) -> tuple[str, str]:
    return fields["period_start"], fields["period_end"]


def test_a_table_cell_takes_its_year_from_the_column_header():
    text = "二、主要指标完成情况\n指标\t单位\t2020年\t2021年\t增长\n农村居民人均可支配收入\t元\t13485\t14860\t10.2%\n"
    assert _period(_suggest(text, "13485")) == ("2020", "2020")
    assert _period(_suggest(text, "14860")) == ("2021", "2021")
    assert _period(_suggest(text, "10.2%")) == ("", "")


def test_a_table_row_is_not_a_heading():
    text = "2021年工作回顾\n指标\t单位\t数值\n高标准农田\t万亩\t20.8\n新建农田2.3万亩。"
    assert _period(_suggest(text, "2.3万亩")) == ("2021", "2021")


def test_the_base_of_a_comparison_is_not_the_period():
    fields = _suggest("到2025年,全县人均可支配收入比2020年提高1.5个百分点。", "1.5个百分点")
    assert _period(fields) == ("2025", "2025") and fields["measure"] == "target"
    assert _suggest("全县落实资金1,234万元,比上年增长12.6%。", "12.6%")["period_text"] != "上年"


def test_an_opening_now_word_does_not_cross_a_heading_or_date_geography():
    text = "当前,全县抓好生态保护。\n\n一、基本情况\n全县新建护林站12个。"
    assert _period(_suggest(text, "12个")) == ("", "")
    text = "近年来,全县累计投入资金12亿元。\n全县总面积2,345平方公里。"
    assert _period(_suggest(text, "2,345平方公里")) == ("", "")


def test_a_total_up_to_a_date_has_no_start():
    fields = _suggest("截至2021年6月底,全县已累计兑现补偿资金1.2亿元。", "1.2亿元")
    assert fields["measure"] == "cumulative" and _period(fields) == ("", "2021-06")


def test_measure_words_that_mean_something_else_here():
    assert _suggest("2016—2020年,全县累计争取上级资金3.6亿元。", "3.6亿元")["measure"] == "cumulative"
    assert _suggest("全县累计争取上级资金3.6亿元,年均增长15.2%。", "15.2%")["measure"] == "actual"
    assert _suggest("全县已建成基站216个,农产品网络零售额1.36亿元。", "1.36亿元")["measure"] == "actual"


def test_both_ends_of_a_range_share_the_measure():
    text = "特色产业覆盖率达到30%—40%。"
    assert _suggest(text, "30%")["measure"] == _suggest(text, "40%")["measure"] == "share"


def test_a_bound_that_defines_a_group_is_a_threshold():
    assert _suggest("实现30户以上自然村通硬化路全覆盖。", "30户以上")["measure"] == "threshold"
    assert _suggest("粮食产量稳定在5万吨以上。", "5万吨以上")["measure"] != "threshold"


def test_a_plan_section_makes_plans_but_not_of_past_years_or_geography():
    text = "四、下一步工作计划\n引进高校毕业生200名。该县2020年地区生产总值为156.8亿元。全县总面积1,842平方公里。"
    assert _suggest(text, "200名")["measure"] == "plan"
    assert _suggest(text, "156.8亿元")["measure"] == "actual"
    assert _suggest(text, "1,842平方公里")["measure"] == "actual"
    assert _suggest("下一步将把资金的60%用于生态保护。", "60%")["measure"] == "plan"
    assert _suggest("四、会议安排\n全县86人参加会议。", "86人")["measure"] == "actual"


def test_per_person_after_last_year_is_not_per_year():
    assert _suggest("他家去年人均纯收入已达1.5万元。", "1.5万元").get("per") == "person"
    assert _suggest("农民年人均增收800元。", "800元").get("per") == "year"


def test_total_population_is_everyone():
    assert _suggest("全县建档立卡户所在村总人口约28.6万人。", "约28.6万人").get("scope", "all") == "all"


def test_an_undated_document_says_why_no_period_is_suggested():
    _, basis = suggest(Context("今年全县新建护林站12个。", None, [], ""), Learner([], {}, {}), "12个", 6)
    assert "no date" in basis["period"] and "manifest" in basis["period"]


def test_whole_year_words_count_from_the_year_the_document_reports_on():
    text = "岚川省2019年国民经济和社会发展统计公报\n2020年3月16日  岚川省统计局\n一、农村\n全年农村居民人均可支配收入12847元,年末贫困人口18.6万人。\n由上年的1083人降至0人。"
    assert _period(_suggest(text, "12847元", year=2020)) == ("2019", "2019")
    assert _period(_suggest(text, "18.6万人", year=2020)) == ("2019", "2019")
    assert _period(_suggest(text, "1083人", year=2020)) == ("2018", "2018")
    assert _suggest("确保三年内完成5个县摘帽任务。", "5个", year=2017)["period_text"] != "年内"


def test_a_table_caption_year_does_not_override_the_column_header():
    text = "表1  2018年和2019年主要指标\n指标\t单位\t2018年\t2019年\n收入\t元\t9445\t10569\n支出\t元\t8203\t9011\n"
    assert _period(_suggest(text, "9445")) == ("2018", "2018")
    assert _period(_suggest(text, "8203")) == ("2018", "2018")
    assert _period(_suggest(text, "9011")) == ("2019", "2019")


def test_a_per_capita_row_label_makes_its_cells_per_person_but_not_its_growth():
    text = "指标\t单位\t2018年\t2019年\t增长(%)\n人均生活消费支出\t元\t8203\t9011\t9.9\n"
    assert _suggest(text, "8203").get("per") == _suggest(text, "9011").get("per") == "person"
    assert _suggest(text, "9.9").get("per") is None


def test_more_measure_wording():
    assert _suggest("全省农村低保标准提高到每人每年4600元。", "4600元")["measure"] == "threshold"
    assert _suggest("同比增长3.9%;其中第一产业增加值占比18.6%。", "18.6%")["measure"] == "share"
    assert _suggest("今年全县生产总值要增长7%左右。", "7%左右")["measure"] == "target"
    assert _suggest("今年要新建扶贫车间10个。", "10个")["measure"] == "plan"
    assert _suggest("年产值超过1亿元的只有2家。", "1亿元")["measure"] == "threshold"


def test_a_year_that_dates_an_earlier_number_or_a_base_is_not_the_period():
    text = "2020年,全市农村居民人均可支配收入12846元,是2015年的1.6倍；贫困发生率由2014年的21.3%降至0；新建公路2860公里。"
    assert _period(_suggest(text, "1.6倍")) == ("2020", "2020")
    assert _period(_suggest(text, "21.3%")) == ("2014", "2014")
    assert _period(_suggest(text, "2860公里")) == ("2020", "2020")


def test_cumulative_in_an_earlier_clause_of_a_list_does_not_spread():
    text = "2020年,全市累计实施项目23个；建成安置点47个；新建公路2860公里。"
    assert _suggest(text, "23个")["measure"] == "cumulative"
    assert _suggest(text, "47个")["measure"] == _suggest(text, "2860公里")["measure"] == "actual"


def test_spoken_years_and_a_year_just_named():
    assert _period(_suggest("前年搬迁了37户。", "37户")) == ("2019", "2019")
    assert _period(_suggest("大前年修通了6.5公里水泥路。", "6.5公里")) == ("2018", "2018")
    assert _period(_suggest("现在种了2800亩花椒。", "2800亩")) == ("2021", "2021")
    assert _period(_suggest("项目前期投入资金50万元。", "50万元")) == ("", "")
    assert _period(_suggest("2016年开始种植,当年收入3万元。", "3万元")) == ("2016", "2016")
    assert _period(_suggest("2015年试种200亩,第二年扩到800亩。", "800亩")) == ("2016", "2016")


def test_a_whole_year_word_in_a_plan_section_is_not_the_reported_year():
    text = "关于2020年度扶贫项目审计情况的报告\n五、下一步工作建议\n每季度开展专项检查,全年开展4次。"
    assert _period(_suggest(text, "4次")) == ("", "")


def test_budget_revenue_is_actual_and_a_rate_raised_to_a_level_is_a_share():
    assert _suggest("2020年全市一般公共预算收入81.3亿元。", "81.3亿元")["measure"] == "actual"
    assert _suggest("县域内就诊率提高到90%。", "90%")["measure"] == "share"
    assert _suggest("贫困发生率从25.71%下降至12.49%。", "12.49%")["measure"] == "actual"


def test_fourth_review_regressions_stay_fixed():
    assert _period(_suggest("我是2009年回村的,那年我32岁。", "32岁")) == ("2009", "2009")
    assert _period(_suggest("2020年5个乡镇新增产业基地,全县新建公路30公里。", "30公里")) == ("2020", "2020")
    assert _suggest("建议2022年培育示范村不少于150个。", "不少于150个")["measure"] == "plan"
    assert _suggest("计划投入产业的比例不低于55%。", "不低于55%")["measure"] == "plan"
    assert _suggest("资金滞留不得超过3个月。", "不得超过3个月")["measure"] == "threshold"
    assert _period(_suggest("当时村里有426户。", "426户")) == ("", "")
    assert _suggest("四、重点工作推进情况\n粮食总产量达到1876.4万吨。", "1876.4万吨")["measure"] == "actual"
    assert _suggest("新增高标准农田186万亩。", "186万亩")["measure"] == "actual"
    assert _suggest("农村自来水普及率由2015年的67%提高到93.5%。", "93.5%")["measure"] == "share"


def test_quarters_half_years_and_month_ranges():
    assert _period(_suggest("1—9月,全省累计发放小额信贷36.8亿元。", "36.8亿元")) == ("2021-01", "2021-09")
    assert _period(_suggest("今年上半年全市投入各类资金46亿元。", "46亿元")) == ("2021-01", "2021-06")
    assert _period(_suggest("2019年第一季度新建公路5公里。", "5公里")) == ("2019-01", "2019-03")


def test_a_time_word_reaches_the_later_clauses_of_its_sentence_and_plans_take_the_heading_year():
    assert _period(_suggest("全县今年新建公路30公里；投入资金2亿元。", "2亿元")) == ("2021", "2021")
    text = "五、2022年工作安排\n全年力争务工规模稳定在180万人以上。"
    assert _period(_suggest(text, "180万人以上")) == ("2022", "2022")


def test_a_limit_is_framed_only_by_a_word_in_its_own_clause():
    assert _suggest("拨付率要达到95%以上,资金滞留不得超过3个月。", "不得超过3个月")["measure"] == "threshold"
    assert _suggest("计划投入产业的比例不低于55%。", "不低于55%")["measure"] == "plan"


def test_undated_levels_results_and_standing_arrangements():
    text = "全县农民专业合作社达215家,入社农户3200户。"   # a level reached governs its sentence's later clauses
    assert _period(_suggest(text, "3200户")) == ("2021", "2021")
    assert _period(_suggest("成立了12个工作组。", "12个")) == ("2021", "2021")   # a completed action
    assert _period(_suggest("全县45家企业结对帮扶68个贫困村。", "68个")) == ("", "2021")   # in place up to now
    assert _period(_suggest("全县修建蓄水池59个。", "59个")) == ("", "")   # no time word, no result word


def test_a_since_span_is_not_ended_by_a_component_or_a_deadline():
    text = "2016年以来,全县累计投入资金18.6亿元,其中2019年投入5.2亿元。"
    assert _period(_suggest(text, "18.6亿元")) == ("2016", "2021")
    text = "2016年以来,全县累计减贫2.1万人,力争到2022年全面巩固。"
    assert _period(_suggest(text, "2.1万人")) == ("2016", "2021")


def test_this_year_so_far_and_years_later():
    fields = _suggest("今年以来,全县新建公路30公里。", "30公里")
    assert _period(fields) == ("2021", "2021") and fields["measure"] == "actual"
    text = "2018年,村里成立合作社,3年后将实现户均收入5万元。"
    assert _period(_suggest(text, "5万元", year=2019)) == ("2021", "2021")
    assert _period(_suggest("3年后将实现户均收入5万元。", "5万元")) == ("2024", "2024")


def test_the_levels_of_a_change_stand_at_the_ends_of_the_span():
    text = "2014年以来,全县贫困发生率从25.7%下降至2.1%。"
    start, end = _suggest(text, "25.7%"), _suggest(text, "2.1%")
    assert _period(start) == ("2014", "2014") and _period(end) == ("2021", "2021")
    assert start["measure"] == end["measure"] == "actual"   # levels, not totals
    fields = _suggest("2016年以来,从32个县直单位选派第一书记98名。", "32个")   # 从 names a source
    assert _period(fields) == ("2016", "2021")
    fields = _suggest("人均收入从2015年的6120元增加到2020年的11860元。", "11860元")
    assert fields["measure"] == "actual" and _period(fields) == ("2020", "2020")   # the end of a change, no deadline


def test_narrowed_undated_rules_from_the_fifth_review():
    assert _period(_suggest("过去村民老周家种了3亩核桃。", "3亩")) == ("", "")   # a past anecdote
    assert _period(_suggest("那年,他挨家挨户走访了136户村民。", "136户", year=2020)) == ("", "")
    assert _period(_suggest("记者走了近2个小时。", "近2个小时")) == ("", "")   # not an administrative action
    fields = _suggest("县财政安排了产业奖补资金2800万元。", "2800万元")   # 安排了: done, not planned
    assert fields["measure"] == "actual" and _period(fields) == ("2021", "2021")
    fields = _suggest("全县将组织60家企业结对帮扶新增监测户150户。", "60家")   # a pairing planned
    assert fields["measure"] == "plan" and _period(fields) == ("", "")
    assert _period(_suggest("境内大小河流达28条,水能蕴藏量12.6万千瓦。", "12.6万千瓦")) == ("", "")   # geography
    assert _period(_suggest("东部发达地区支援资金3000万元。", "3000万元")) == ("", "")   # 发达 is no level
    fields = _suggest("今年以来,累计发放理赔资金136万元。", "136万元")
    assert _period(fields) == ("2021", "2021")   # 今年以来 states its start


def test_years_later_in_words_and_two_digits():
    assert _period(_suggest("两年后将实现年产值1.2亿元。", "1.2亿元")) == ("2023", "2023")
    assert _period(_suggest("10年后将实现年产值1.2亿元。", "1.2亿元")) == ("2031", "2031")


def test_a_span_from_a_month_ends_at_the_documents_month():
    text = "2020年10月以来,全县整改问题120个。"
    fields, _ = suggest(Context(text, 2021, [], "", 6), Learner([], {}, {}), "120个", text.index("120个"))
    assert _period(fields) == ("2020-10", "2021-06")
    assert _period(_suggest(text, "120个")) == ("2020-10", "2021")   # month unknown: the year


def test_an_indicator_label_names_the_number_unless_an_action_word_changes_what_it_counts():
    indicators = {"poor_villages": {"label_zh": "贫困村", "label_en": "Poor villages", "unit": "count"}}
    name = lambda text, raw: _indicator(text, raw, indicators)
    assert name("全县有贫困村58个。", "58个") == "poor_villages"
    assert name("全县58个贫困村全部通硬化路。", "58个") == "poor_villages"
    assert name("全县出列贫困村58个。", "58个") != "poor_villages"   # villages exited
    assert name("12家企业结对帮扶58个贫困村。", "58个") != "poor_villages"   # villages paired


def test_second_review_of_the_fifth_round():
    fields = _suggest("全镇主要与东部发达地区的闽江市3个街道结对帮扶。", "3个", year=2020)   # 主要 is no plan word
    assert _period(fields) == ("", "2020")
    assert _period(_suggest("过去的一年,村里新修了产业路8公里。", "8公里", year=2020)) == ("2020", "2020")
    assert _period(_suggest("过去5年,全镇累计减少贫困人口1260人。", "1260人", year=2020)) == ("2015", "2020")
    text = "2016年,村里开始发展茶叶。当年就安排了产业资金50万元。"
    assert _period(_suggest(text, "50万元", year=2020)) == ("2016", "2016")   # 当年 of the sentence before
    text = "村里开始发展茶叶。当年就安排了产业资金50万元。"
    assert _period(_suggest(text, "50万元", year=2020)) == ("", "")   # no year to count from: by hand
    assert _period(_suggest("早年间,村里成立了合作社2个。", "2个", year=2020)) == ("", "")
    assert _period(_suggest("曾明带领村民成立了合作社3个。", "3个", year=2020)) == ("2020", "2020")   # 曾, a surname
    assert _period(_suggest("全镇种植面积达3000亩。", "3000亩", year=2020)) == ("2020", "2020")   # not geography


def test_a_part_with_its_own_year_and_years_paired_by_respectively():
    fields = _suggest("2016年以来,全县累计投入资金18.6亿元,其中2019年投入5.2亿元。", "5.2亿元")
    assert fields["measure"] == "actual" and _period(fields) == ("2019", "2019")
    text = "2017年以来,全县累计改造危房4600户,2018年、2019年分别完成1500户和1300户。"
    first, second = _suggest(text, "1500户"), _suggest(text, "1300户")
    assert _period(first) == ("2018", "2018") and first["period_text"] == "2018年"
    assert _period(second) == ("2019", "2019") and second["measure"] == "actual"
    assert _period(_suggest("从2015年的人均不足3000元,到如今的人均1.1万元。", "1.1万元", year=2020)) == ("2020", "2020")


def test_third_review_of_the_fifth_round():
    bulletin = ("青岭省2021年巩固拓展脱贫攻坚成果监测统计公报\n2022年3月18日 青岭省统计局\n三、衔接资金投入\n"
                "全年投入资金186.4亿元。\n其中,中央财政资金112.6亿元。\n东西部协作援助资金18.9亿元,同比下降6.3%。\n"
                "已消除返贫致贫风险的监测对象2.67万户。\n")
    for raw in ("112.6亿元", "18.9亿元", "2.67万户"):   # the year the bulletin reports on, not its publication year
        assert _period(_suggest(bulletin, raw, year=2022)) == ("2021", "2021"), raw
    text = "2018年开工建设,次年6月建成入住。\n搬迁当年,县里选派了8名干部。"
    assert _period(_suggest(text, "8名")) == ("2019", "2019")   # 当年 after 次年
    text = "2020年人均收入达到9860元,比搬迁前的2017年增长了1.6倍。\n当年,县里安排了产业资金850万元。"
    assert _period(_suggest(text, "850万元")) == ("2020", "2020")   # 比…的2017年 is a base
    fields = _suggest("县委书记表示,将继续推动20家企业与安置点结对帮扶。", "20家")
    assert fields["measure"] == "plan" and _period(fields) == ("", "")
    text = "今年以来,社区新增公益性岗位45个。\n居民说日子好多了。\n下一步,县里将投入资金3200万元。"
    assert _period(_suggest(text, "3200万元")) == ("", "")   # 下一步 looks past the opener
    assert _period(_suggest("居民王德贵今年68岁,过去靠种玉米为生,一年收入不到3000元。", "不到3000元")) == ("", "")
    assert _suggest("全年投入衔接推进乡村振兴补助资金186.4亿元。", "186.4亿元")["measure"] == "actual"
    assert _suggest("因病、因灾、因意外事故致贫返贫的分别占38.5%、21.2%和14.6%。", "14.6%")["measure"] == "share"
    assert _suggest("一户一人以上就业的比例为99.6%。", "99.6%")["measure"] == "share"
    assert _period(_suggest("全县共建成集中安置点12个。", "12个")) == ("2021", "2021")


def test_a_label_beyond_the_sentence_or_naming_a_partner_does_not_name_the_number():
    indicators = {"communities": {"label_zh": "社区", "label_en": "Communities", "unit": "count"}}
    name = lambda text, raw: _indicator(text, raw, indicators)
    assert name("全县有社区12个。", "12个") == "communities"
    assert name("提供岗位1200多个。\n次年,社区又成立了合作社。", "1200多个") != "communities"
    assert name("社区还与12家爱心企业结成帮扶对子。", "12家") != "communities"


def test_the_third_reviews_fixes_do_not_overreach():
    assert _period(_suggest("在疫情影响较大的2020年,全县仍实现务工收入12亿元。", "12亿元")) == ("2020", "2020")   # 较大 is no base
    assert _period(_suggest("今年,全县粮食产量比以往增加了1.2万吨。", "1.2万吨")) == ("2021", "2021")   # 比以往 is a base
    assert _period(_suggest("今年,全县人均收入由原来的3000元增加到5000元。", "5000元")) == ("2021", "2021")
    assert _period(_suggest("项目建成后,可带动就业300人。", "300人")) == ("", "")   # 建成后: once built
    text = "青禾社区:2018年搬出大山的人们\n社区已有1200人实现就业。"   # a headline's event year is no period
    assert _period(_suggest(text, "1200人")) == ("2021", "2021")
    assert _period(_suggest("2020年脱贫攻坚工作情况\n全县新建公路30公里。", "30公里")) == ("2020", "2020")
    assert _period(_suggest("2016年以来,县里开始种茶。\n当年收入20万元。", "20万元")) == ("2016", "2016")
    assert _suggest("劳务收入比重增长15%。", "15%")["measure"] == "actual"   # a change, not a proportion
    assert _period(_suggest("全县总面积1200平方公里,总人口同比增长1.2%。", "1200平方公里")) == ("", "")
    indicators = {"poor_households": {"label_zh": "贫困户", "label_en": "Poor households", "unit": "households"}}
    text = "全县建档立卡贫困户同比减少1200户。"   # the 同 of 同比 names no partner
    assert _indicator(text, "1200户", indicators) == "poor_households"
    fields = _suggest("3年后,村集体经济收入将突破50万元。", "50万元")   # 将突破: a target, 3 years on
    assert fields["measure"] == "target" and _period(fields) == ("2024", "2024")


def test_numbered_headings_keep_their_year_and_a_feature_title_does_not_report():
    assert _period(_suggest("七、2022年发展目标\n全省确保新增就业岗位5万个。", "5万个", year=2022)) == ("2022", "2022")
    assert _period(_suggest("（二）2020年产业扶贫\n全县新建产业基地12个。", "12个")) == ("2020", "2020")
    text = "二、2021年主要指标\n全省农村居民人均可支配收入12680元,比上年增长10.5%。"
    assert _period(_suggest(text, "12680元", year=2022)) == ("2021", "2021")
    text = "2018年搬迁群众今年就业情况如何\n社区已有1200人实现就业。"
    assert _period(_suggest(text, "1200人")) == ("2021", "2021")
    text = "全县转移就业1.5万人,比上年的1.2万人增加了3000人。"   # the base of 比上年 is last year's
    assert _period(_suggest(text, "1.2万人")) == ("2020", "2020") and _period(_suggest(text, "1.5万人")) == ("2021", "2021")
    assert _period(_suggest("2020年底以前,全县完成易地搬迁1.2万人。", "1.2万人")) == ("2020", "2020")
    assert _period(_suggest("全县计划建成安置点12个。", "12个")) == ("", "")
