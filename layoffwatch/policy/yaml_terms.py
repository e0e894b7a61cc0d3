"""The Chinese texts of the dated parameter files (the policy's own and those the apps register:
names, task contents, step titles, report sections, blacklist findings, descriptions and sources),
marked so that `makemessages` keeps each as a msgid of the policy catalog with its English (ADR
0100). `wording.policy_text` translates such a text where a page shows it; a text an
administrator's revision adds has no entry and is shown as written.

Generated from the YAML files in file order; `tests/test_yaml_terms.py` fails when a text of a
bundled file is missing here or has no English.
"""

from django.utils.translation import gettext_noop

TERMS = (
    # policy/parameters/alert_levels.yaml
    gettext_noop("规模性裁员预警等级（企业一次性裁员人数）及分批裁员的合并计算期"),
    gettext_noop("潼南区防范化解规模性失业风险工作预案（试行）三（二）"),
    gettext_noop("预案三（二）“三级预警：企业一次性裁员20人以上、50人以下（含50）人”"),
    gettext_noop("预案三（二）三级预警（轻微）"),
    gettext_noop(
        "预案三（二）“二级预警：企业一次性裁员50人以上、200人以下（含200）人”，50人已计入三级"
    ),
    gettext_noop("预案三（二）二级预警（较重）"),
    gettext_noop("预案三（二）“一级预警：企业一次性裁员200人以上”，200人已计入二级"),
    gettext_noop("预案三（二）一级预警（严重）"),
    gettext_noop(
        "本平台默认值（ADR 0011），参照美国 WARN 法案、欧盟 98/59/EC 指令对分批裁员按30/90日合并计算的做法"
    ),
    gettext_noop("三级预警（轻微）"),
    gettext_noop("二级预警（较重）"),
    gettext_noop("一级预警（严重）"),
    gettext_noop(
        "预案三（二）“预警等级分为三级：三级预警（轻微）、二级预警（较重）、一级预警（严重）”"
    ),
    # policy/parameters/annex_tasks.yaml
    gettext_noop(
        "任务分解表（14项任务的类别、牵头和配合科室（单位）、责任领导角色，以及何时启动）"
    ),
    gettext_noop("潼南区人力社保局防范化解规模性失业风险工作预案任务分解表（预案附件）"),
    gettext_noop("分管就业和人才工作的责任领导"),
    gettext_noop("分管劳动关系和执法仲裁工作的责任领导"),
    gettext_noop("任务分解表“责任领导”栏（第1–3、7–12项为同一位领导，第4–6、13–14项为另一位领导）"),
    gettext_noop("预警监测"),
    gettext_noop("指导规范裁员"),
    gettext_noop("做好就业帮扶"),
    gettext_noop("维护合法权益"),
    gettext_noop("任务分解表“任务类别”栏"),
    gettext_noop("指导制定职工安置方案"),
    gettext_noop("劳动争议预防和调解"),
    gettext_noop("社保补贴、吸纳就业补贴、职业培训补贴"),
    gettext_noop("零工市场与灵活就业"),
    gettext_noop("职业介绍与技能培训"),
    gettext_noop("余缺调剂招聘"),
    gettext_noop("发放失业保险金"),
    gettext_noop("对接民政临时救助"),
    gettext_noop("劳动仲裁、劳动监察投诉受理"),
    gettext_noop("根治欠薪、“四快”处理工资争议"),
    gettext_noop("预案四（一）至（六）各项工作措施"),
    gettext_noop("任务分解表第1–14项；启动规则为本平台默认值（ADR 0016）"),
    gettext_noop(
        "依托全区规模性失业监测直报系统，要求相关科室、单位按照要求报送失业相关情况，指导企业及时报送裁员情况"
    ),
    gettext_noop(
        "通过社保、工商、税务、产能、失业登记、人力资源市场供求等大数据比对分析，建立大数据分析监测机制"
    ),
    gettext_noop(
        "开展重点样本企业用工监测；根据存在的失业风险预警数量和等级，综合评定3个等次，建立应急反应机制"
    ),
    gettext_noop(
        "通过劳动监察、劳动仲裁、电话投诉、临时抽样调查，以及基层驻企服务专员、劳务经纪人对接联系等渠道，及时发现可能存在的规模性失业风险"
    ),
    gettext_noop(
        "加强与司法、工会等部门单位的工作对接，形成工作合力，对确需裁员的，要指导企业制定职工安置方案，做好裁员工作指引"
    ),
    gettext_noop(
        "指导裁员企业依法解除劳动合同，做好劳动争议预防和调解工作，妥善处理劳动关系问题。引导职工理性维权，防止出现群体性事件和极端事件"
    ),
    gettext_noop(
        "对于拟裁员企业，要落实社保补贴、吸纳就业补贴、职业培训补贴，用足各项支持政策，鼓励其尽量少裁员"
    ),
    gettext_noop("加强和规范零工市场建设，鼓励、支持失业人员实现灵活就业"),
    gettext_noop("准确掌握失业人员基本情况和求职培训意向，提供职业介绍、技能培训，培训后技能推荐"),
    gettext_noop(
        "依托就业信息系统，排摸掌握企业用工需求以及失业人员求职意向，举办余缺调剂招聘活动，帮助失业人员再就业"
    ),
    gettext_noop(
        "引导社会力量参与公共就业服务，对人力资源服务机构等提供就业服务按规定给予职业介绍补贴"
    ),
    gettext_noop(
        "对符合条件的失业人员及时发放失业保险金。主动对接民政部门，把生活遇到困难的失业人员及时纳入临时救助等保障范围，防止因救助不及时不到位生活陷入困境"
    ),
    gettext_noop("畅通劳动仲裁、劳动监察投诉举报渠道，及时受理裁员相关案件"),
    gettext_noop(
        "开展根治欠薪专项行动，落实拖欠农民工工资争议“快立、快调、快审、快结”长效机制，确保企业工资按时支付，防止欠薪案件发生"
    ),
    # policy/parameters/blacklist.yaml
    gettext_noop("用工单位黑名单（未按时准确报告裁员信息的企业）"),
    gettext_noop("潼南区防范化解规模性失业风险工作预案（试行）六（三）"),
    gettext_noop("应报未报（事后发现一次性裁员达到报告门槛而未报告）"),
    gettext_noop("迟报（未在规定时间内报告）"),
    gettext_noop("报告不实（报告的裁员人数或情况与核实结果不符）"),
    gettext_noop(
        "预案六（三）“对未按时准确报告裁员信息、造成恶劣社会影响的企业和法人，纳入信用评价，面向社会公布”"
    ),
    gettext_noop("预案六（三）“造成恶劣社会影响的”，列入须同时认定造成恶劣社会影响"),
    gettext_noop(
        "参照拖欠农民工工资失信联合惩戒对象名单管理做法，列入期限3年（本平台默认值，ADR 0017）"
    ),
    gettext_noop(
        "参照拖欠农民工工资失信联合惩戒对象名单管理做法，守信满6个月可申请提前移出（本平台默认值，ADR 0017）"
    ),
    # policy/parameters/district_assessment.yaml
    gettext_noop("全区规模性失业风险综合评定（3个等次）"),
    gettext_noop(
        "潼南区防范化解规模性失业风险工作预案（试行）三（二）“根据存在的失业风险预警数量和等级，综合评定3个等次”；计算方法为本平台建议默认值，见 ADR 0012"
    ),
    gettext_noop("本平台默认值（ADR 0012）：三级1分、二级3分、一级9分，每升一级乘以3"),
    gettext_noop("第三等次（一般）"),
    gettext_noop("第二等次（较重）"),
    gettext_noop("第一等次（严重）"),
    gettext_noop(
        "本平台默认值（ADR 0012）：3分相当于1起二级或3起三级预警，9分相当于1起一级或3起二级预警"
    ),
    gettext_noop(
        "本平台默认值（ADR 0012），取全国城镇调查失业率年度调控目标“5.5%左右”；预案三（一）2 要求对失业率突然升高的情况重点监测"
    ),
    # policy/parameters/layoff_aversion.yaml
    gettext_noop("稳岗返还（援企稳岗）裁员率筛查"),
    gettext_noop(
        "稳岗返还政策通行口径：裁员率 = 参保职工减少人数 ÷ 平均参保职工人数；以重庆市当年实施文件为准（ADR 0017）；预案四（二）"
    ),
    gettext_noop("稳岗返还通行口径“上年度未裁员或裁员率不高于5.5%”（本平台默认值，ADR 0017）"),
    gettext_noop("稳岗返还通行口径“参保职工30人（含）以下的企业”（本平台默认值，ADR 0017）"),
    gettext_noop(
        "稳岗返还通行口径“参保职工30人（含）以下的企业，裁员率不高于20%”（本平台默认值，ADR 0017）"
    ),
    # policy/parameters/reporting.yaml
    gettext_noop(
        "企业裁员报告义务（监测直报门槛、劳务派遣同步报告、劳动合同法第四十一条）与直报受理规则（月报期限、裁员日期范围、扫码填报频率、名单和表格行数）"
    ),
    gettext_noop(
        "潼南区防范化解规模性失业风险工作预案（试行）三（一）1、三（一）4；《中华人民共和国劳动合同法》第四十一条；区人力社保局工作安排和本平台默认值（ADR 0040、0042、0092）"
    ),
    gettext_noop("预案三（一）1 “企业决定一次性裁减20人以上时，应主动报告区人力社保局”"),
    gettext_noop(
        "预案三（一）1 第二段 “若确需裁减人员且人数超过20人的……相关人力资源服务机构也应同步报告行业主管部门”"
    ),
    gettext_noop("《劳动合同法》第四十一条 “需要裁减人员二十人以上”（2008年1月1日起施行）"),
    gettext_noop("《劳动合同法》第四十一条 “或者裁减不足二十人但占企业职工总数百分之十以上的”"),
    gettext_noop("《劳动合同法》第四十一条 “应当提前三十日向工会或者全体职工说明情况”"),
    gettext_noop(
        "本平台默认值（ADR 0083）：张贴在公告栏的填报二维码每年更换一次，到期后请区人力社保局或镇街重新生成"
    ),
    gettext_noop(
        "区人力社保局工作安排：重点样本企业（预案三（一）4）和重点关注企业每月10日前报送上月用工情况（ADR 0042）"
    ),
    gettext_noop(
        "本平台默认值（ADR 0040）：裁员发生90天以后不能再通过表单补报，由区人力社保局核实后处理"
    ),
    gettext_noop(
        "本平台默认值（ADR 0040）：分批计划最远可填两年；须不短于《劳动合同法》第四十一条提前告知的天数"
    ),
    gettext_noop("本平台默认值（ADR 0040）：一份报告最多填24批（两年内每月一批）"),
    gettext_noop("本平台默认值（ADR 0040）：同一设备同一二维码每10分钟最多提交20次"),
    gettext_noop("本平台默认值（ADR 0040）"),
    gettext_noop("本平台默认值（ADR 0043）：裁员报告所附受影响职工名单最多5000行"),
    gettext_noop("本平台默认值（ADR 0042）：批量上传月度用工报告每个文件最多5000行"),
    # policy/parameters/response.yaml
    gettext_noop("分级处置程序（每一级预警的步骤、执行者、报告对象、形成的文书和时限）"),
    gettext_noop(
        "潼南区防范化解规模性失业风险工作预案（试行）五“处置要求”、六（二）“加强情况报告”"
    ),
    gettext_noop("局防范化解规模性失业风险工作专班"),
    gettext_noop("局领导"),
    gettext_noop("区委"),
    gettext_noop("区政府"),
    gettext_noop("市人力社保局"),
    gettext_noop("市委"),
    gettext_noop("市政府"),
    gettext_noop("市政府相关部门"),
    gettext_noop("区相关政府部门"),
    gettext_noop("相关镇街"),
    gettext_noop(
        "预案五“建立区人力社保局防范化解规模性失业风险工作专班”；五（一）至（三）所列报告对象"
    ),
    gettext_noop("预警情况报告"),
    gettext_noop("风险防控方案"),
    gettext_noop("风险防控方案备案"),
    gettext_noop("书面报告（风险基本情况、应对举措、处置经过、处理结果、后果影响）"),
    gettext_noop("解除预警报批件"),
    gettext_noop("预案五（一）至（三）、六（二）"),
    gettext_noop(
        "预案五（一）至（三）“立即启动预警响应”未规定时长；宽限参照“立即报告”按 2 小时计的做法（ADR 0015、ADR 0053）"
    ),
    gettext_noop("预案五（一）三级预警；报告时限12小时参照重庆市相关区县做法（见 ADR 0015）"),
    gettext_noop("立即启动预警响应"),
    gettext_noop("向局领导和市人力社保局报告预警情况"),
    gettext_noop("研究制定风险防控方案"),
    gettext_noop("风险防控方案报市人力社保局备案"),
    gettext_noop("协调区相关政府部门、镇街落实风险防控措施"),
    gettext_noop("处置结束后书面报送市人力社保局"),
    gettext_noop("预案五（二）二级预警；报告时限2小时参照重庆市相关区县做法（见 ADR 0015）"),
    gettext_noop("立即报告区委、区政府和市人力社保局"),
    gettext_noop("启动预警响应"),
    gettext_noop("落实主体责任，细化防控措施，强力推进调控"),
    gettext_noop("市人力社保局加强业务指导，密切跟踪调度"),
    gettext_noop("预案五（三）一级预警；报告时限2小时参照重庆市相关区县做法（见 ADR 0015）"),
    gettext_noop("区委、区政府和市人力社保局按规定报告市委、市政府"),
    gettext_noop("市、区两级共同研究制定风险防控方案"),
    gettext_noop("整合社会资源，优化防控措施，确保防控落地见效"),
    # policy/parameters/unemployment_insurance.yaml
    gettext_noop("失业保险金领取条件和期限"),
    gettext_noop(
        "《失业保险条例》（1999年1月22日国务院令第258号）第十四条、第十七条；预案四（六）"
    ),
    gettext_noop(
        "《失业保险条例》第十四条“按照规定参加失业保险，所在单位和本人已按照规定履行缴费义务满1年的”"
    ),
    gettext_noop("《失业保险条例》第十四条“非因本人意愿中断就业的”"),
    gettext_noop(
        "《失业保险条例》第十七条“累计缴费时间满1年不足5年的，领取失业保险金的期限最长为12个月”"
    ),
    gettext_noop("《失业保险条例》第十七条"),
    gettext_noop("《失业保险条例》第十七条“满5年不足10年的……最长为18个月”"),
    gettext_noop("《失业保险条例》第十七条“10年以上的……最长为24个月”"),
    gettext_noop("《失业保险条例》第十七条“最长不得超过24个月”"),
    gettext_noop(
        "示例值：按重庆市最低工资标准第二档（2000元/月）的90%测算；以重庆市现行失业保险金标准文件为准（ADR 0017）"
    ),
    # policy/parameters/written_report.yaml
    gettext_noop("规模性裁员和失业风险发生后书面报送市人力社保局的报告内容"),
    gettext_noop("潼南区防范化解规模性失业风险工作预案（试行）六（二）"),
    gettext_noop(
        "预案六（二）“要将风险基本情况、应对举措、处置经过、处理结果、后果影响等情况，书面报送市人力社保局”"
    ),
    gettext_noop("风险基本情况"),
    gettext_noop("企业名称、所属行业和镇街、裁员人数（含派遣）、预警等级及发现渠道"),
    gettext_noop("应对举措"),
    gettext_noop("启动的响应、风险防控方案、落实的帮扶和维权措施"),
    gettext_noop("处置经过"),
    gettext_noop("按时间顺序记录报告、备案、会商和各项任务的办理情况"),
    gettext_noop("处理结果"),
    gettext_noop("职工安置、再就业、失业保险金发放、争议处理的结果"),
    gettext_noop("后果影响"),
    gettext_noop("对就业局势和社会稳定的影响，舆情情况，后续风险"),
    gettext_noop("预案六（二）“处置过程中遇到的重大问题，要实时报送”"),
    # assistance/parameters/assistance.yaml
    gettext_noop("一人一策跟踪回访周期与人岗匹配权重"),
    gettext_noop(
        "潼南区防范化解规模性失业风险工作预案（试行）四（三）、四（五）；本平台默认值（ADR 0070）"
    ),
    gettext_noop("预案四（五）“一人一策”动态跟踪；本平台默认每两周回访一次（ADR 0070）"),
    gettext_noop("预案四（三）“掌握企业用工需求和失业人员求职意向”；本平台默认值（ADR 0071）"),
    gettext_noop("本平台默认值（ADR 0071）"),
    gettext_noop("本平台默认值：同一镇街优先（ADR 0071）"),
    gettext_noop("本平台默认值：求职意向为就业或灵活就业（ADR 0071）"),
    # monitoring/parameters/monitoring.yaml
    gettext_noop(
        "大数据监测比对的检测阈值（社保断缴、失业登记聚集、企业异常、区域信号）与数据导入限制"
    ),
    gettext_noop(
        "潼南区防范化解规模性失业风险工作预案（试行）三（一）3–5、六（一）；未注明预案条文的为本平台默认值（ADR 0060）"
    ),
    gettext_noop("国发〔1978〕104号 男职工退休年龄；2025年起渐进式延迟退休另行调整"),
    gettext_noop("国发〔1978〕104号 女工人退休年龄"),
    gettext_noop(
        "本平台默认值（ADR 0060）：离开者中至少八成转到同一家单位即视为整体划转（改制重组）"
    ),
    gettext_noop("本平台默认值（ADR 0060）：上月参保人员九成五以上本月停缴即视为整体停缴"),
    gettext_noop(
        "本平台默认值（ADR 0060）：上月才新增、本月合同到期离开的（季节性用工）不计为裁员"
    ),
    gettext_noop(
        "本平台默认值（ADR 0095）：断缴人数与本单位前3个月的离职、新增比较（有几个月数据用几个月）"
    ),
    gettext_noop(
        "本平台默认值（ADR 0095）：超出本单位常态的净减员达到一次性裁员人数门槛的七成五即提示（新员工补入常比离职晚几天，留出余量）"
    ),
    gettext_noop("本平台默认值（ADR 0060）：断缴月份前后60天内的裁员报告视为同一次裁员"),
    gettext_noop("本平台默认值（ADR 0060）：报告人数比数据少两成以上为少报"),
    gettext_noop("美国劳工统计局大规模裁员统计（5周内50人以上首次申领）的经验规则，按本区规模调整"),
    gettext_noop("本平台默认值（ADR 0060）"),
    gettext_noop("预案三（一）3 结合一次性裁减20人以上的报告门槛"),
    gettext_noop("本平台默认值（ADR 0060）：劳动密集型企业税务收入环比下降30%以上"),
    gettext_noop("本平台默认值（ADR 0060）：重点样本企业月度岗位流失率5%以上"),
    gettext_noop("预案四（六）根治欠薪：月报欠薪1个月以上"),
    gettext_noop("预案三（一）3 镇街调查失业率突然上升：环比上升0.5个百分点（本平台默认值）"),
    gettext_noop("本平台默认值（ADR 0060）：前6个月平均值为基线"),
    gettext_noop("本平台默认值（ADR 0060）：高于基线1个百分点"),
    gettext_noop("本平台默认值（ADR 0060）：失业登记人数达到前3个月平均的1.5倍"),
    gettext_noop("本平台默认值（ADR 0060）：求人倍率环比下降20%以上"),
    gettext_noop("本平台默认值（ADR 0060）：劳动密集型行业产能利用率环比下降10个百分点以上"),
    gettext_noop("本平台默认值（ADR 0060）：CSV/Parquet 单个文件上限"),
    gettext_noop("本平台默认值（ADR 0060）：Excel 单个文件上限（Excel 本身最多约100万行）"),
    gettext_noop(
        "本平台默认值（ADR 0081）：Excel 文件最多读取的数据行数（Excel 本身每表最多1048576行），更多请用 CSV 或 Parquet"
    ),
    gettext_noop(
        "本平台默认值（ADR 0060）：数据中发现、名录中没有的单位暂列区政府驻地桂林街道，待核实后修改"
    ),
    gettext_noop("本平台默认值（ADR 0060）：暂列租赁和商务服务业（门类L），待核实后修改"),
    # rights/parameters/four_fast.yaml
    gettext_noop("农民工工资争议“快立、快调、快审、快结”各环节时限（自然日）"),
    gettext_noop(
        "潼南区防范化解规模性失业风险工作预案（试行）四（六）；《劳动争议调解仲裁法》第十四条、第二十九条、第四十三条（ADR 0072）"
    ),
    gettext_noop("《劳动争议调解仲裁法》第二十九条“收到仲裁申请之日起五日内”"),
    gettext_noop(
        "《劳动争议调解仲裁法》第十四条“自劳动争议调解组织收到调解申请之日起十五日内未达成调解协议的”"
    ),
    gettext_noop("本平台默认值：在结案时限内开庭审理（ADR 0072）"),
    gettext_noop("《劳动争议调解仲裁法》第四十三条“自受理仲裁申请之日起四十五日内结束”"),
    # analysis/parameters/analysis.yaml
    gettext_noop("月度形势分析的热点判定规则（镇街、行业的指标与其自身历史比较）和预测规则"),
    gettext_noop(
        "潼南区防范化解规模性失业风险工作预案（试行）六（一）“健全用工监测分析机制，会商相关部门科学研判就业形势”，三（一）3“预测”；数值为本平台默认值（ADR 0104、0105）"
    ),
    gettext_noop("本平台默认值（ADR 0104）：与本镇街、本行业此前6个月比较（有几个月数据用几个月）"),
    gettext_noop("本平台默认值（ADR 0104）：此前不足3个月数据的不判定热点"),
    gettext_noop(
        "本平台默认值（ADR 0104）：偏离此前月份均值达到2个标准差（标准差不足均值一成的按一成计）"
    ),
    gettext_noop("本平台默认值（ADR 0104）：变化不足10人的不列为热点，避免小单位的比例波动"),
    gettext_noop("本平台默认值（ADR 0104）：列出当月涉及人数最多的5件事"),
    gettext_noop("本平台默认值（ADR 0105）：预测未来1至3个月（预案三（一）3“预测”）"),
    gettext_noop("本平台默认值（ADR 0105）：使用最近36个月的数据"),
    gettext_noop(
        "本平台默认值（ADR 0105）：连续不足12个月数据的序列不用统计模型，沿用上月数值并注明"
    ),
    gettext_noop("本平台默认值（ADR 0105）：以最近6个月为起点滚动回测"),
    # opinion/parameters/opinion.yaml
    gettext_noop("舆情研判的规则：相近信息归为同一事件的时间范围，热点事件和舆情突增的判定"),
    gettext_noop(
        "潼南区防范化解规模性失业风险工作预案（试行）六（四）“做好舆情收集、监控和研判，及时主动发声”；数值为本平台默认值（ADR 0107）"
    ),
    gettext_noop(
        "本平台默认值（ADR 0107）：与此前14天内的信息比较，内容相近（转发、转载、改写）的归为同一事件"
    ),
    gettext_noop(
        "本平台默认值（ADR 0107）：一个事件24小时内新增3条及以上（或来自3个及以上来源）即为热点"
    ),
    gettext_noop("本平台默认值（ADR 0107）：与同一企业（或同一主题）此前14天的日均条数比较"),
    gettext_noop(
        "本平台默认值（ADR 0107）：同一企业（或同一主题）当天第3条起可判定突增，即最迟在当天第3条相关信息时提醒"
    ),
    gettext_noop("本平台默认值（ADR 0107）：当天条数达到此前日均的3倍为突增"),
    # opinion/parameters/opinion.yaml (responses)
    gettext_noop(
        "国务院办公厅《关于在政务公开工作中进一步做好政务舆情回应的通知》（国办发〔2016〕61号）：“对涉及特别重大、重大突发事件的政务舆情，要快速反应，最迟要在5小时内发布权威信息，在24小时内举行新闻发布会”"
    ),
    gettext_noop("国办发〔2016〕61号：对涉及群众切身利益的政务舆情……回应时间最迟不超过48小时"),
)
