"""Writes seed_labelled.csv, the labelled seed set of the opinion classifier (plan S6.4 舆情研判).

Synthetic: templates × slots drawn with a fixed random seed, so anyone can rebuild the shipped
file byte for byte (`python layoffwatch/opinion/data/write_seed.py`; a test checks it). Each topic
has many templates with their own wording, so that a classifier learns the topic's words and not
one sentence; the enterprises, towns and numbers in the slots vary around them. The enterprises
are made up in the demo's style; no text is a real post, and no real person's name, phone number
or ID appears (PROVENANCE.md). The evaluation corpus (`opinion/corpus.py`) has its own templates.
"""

import csv
import random
import sys
from pathlib import Path

SEED = 20240306
# Rows per topic. "other" and "social_insurance" have more templates (everyday life, business
# news, the bureau's service notices and hotline questions: what the desk must not read as a
# grave topic), so they get more rows, about five per template like the rest; the classifier
# weighs topics evenly whatever their counts (classify._model, class_weight="balanced").
PER_TOPIC = {
    "layoff": 200,
    "wage_arrears": 200,
    "closure": 200,
    "social_insurance": 260,
    "recruitment": 220,
    "other": 400,
}
OUT = Path(__file__).resolve().parent / "seed_labelled.csv"

# (full registered name, the short name people use): made up, in the demo's style.
ENTERPRISES = [
    ("重庆市潼南区源达蔬菜食品有限公司", "源达食品"),
    ("重庆潼南泰新电气有限公司", "泰新电气"),
    ("潼南县鑫辉水泥厂", "鑫辉水泥厂"),
    ("重庆金新劳务有限公司", "金新劳务"),
    ("重庆市潼南区宏盛机械制造有限公司", "宏盛机械"),
    ("潼南嘉瑞服装有限公司", "嘉瑞服装"),
    ("重庆恒昌玻璃制品有限公司", "恒昌玻璃"),
    ("重庆市潼南区佳德柠檬科技有限公司", "佳德柠檬"),
    ("潼南永顺建筑工程有限公司", "永顺建筑"),
    ("重庆裕祥电子股份有限公司", "裕祥电子"),
    ("重庆市潼南区博凯汽车配件有限公司", "博凯汽配"),
    ("潼南县隆远陶瓷有限责任公司", "隆远陶瓷"),
    ("重庆天明光伏材料有限公司", "天明光伏"),
    ("重庆市潼南区安宇纺织有限公司", "安宇纺织"),
    ("潼南川渝物流有限公司", "川渝物流"),
    ("重庆锦华塑料制品有限公司", "锦华塑料"),
    ("重庆市潼南区正通鞋业有限公司", "正通鞋业"),
    ("潼南凤和化工有限公司", "凤和化工"),
    ("重庆晟利建材有限公司", "晟利建材"),
    ("重庆市潼南区双龙家具有限公司", "双龙家具"),
    ("潼南涪江印务有限公司", "涪江印务"),
    ("重庆亿荣五金有限公司", "亿荣五金"),
    ("重庆市潼南区兴丰畜禽养殖有限公司", "兴丰养殖"),
    ("潼南德瑞医药有限公司", "德瑞医药"),
    ("重庆市潼南区华琼酒店管理有限公司", "华琼酒店"),
    ("潼南金鑫矿业有限公司", "金鑫矿业"),
    ("重庆盛和新材料股份有限公司", "盛和新材"),
    ("重庆市潼南区顺达包装有限公司", "顺达包装"),
]
TOWNS = ["桂林街道", "梓潼街道", "大佛街道", "上和镇", "龙形镇", "古溪镇", "宝龙镇", "玉溪镇",
         "米心镇", "群力镇", "双江镇", "花岩镇", "柏梓镇", "崇龛镇", "塘坝镇", "新胜镇", "太安镇",
         "小渡镇", "卧佛镇", "五桂镇", "田家镇", "别口镇", "寿桥镇"]  # fmt: skip
ROADS = ["兴潼大道", "江北大道", "人民路", "建设街", "凉风垭路", "金佛大道", "朝阳路", "滨江路"]
MONTHS = ["两", "三", "四", "五", "六", "七", "3", "4", "5"]
# Where Tongnan goes out: its sights, river banks and parks (public place names).
SPOTS = ["大佛寺", "双江古镇", "杨尚昆故里", "陈抟故里", "崇龛油菜花海", "龙多山", "涪江湿地公园",
         "滨江公园", "三块石公园"]  # fmt: skip

# topic -> [(template, tone)]. Slots: {ent} an enterprise (full or short name), {town}, {road},
# {n} people, {m} months, {wage} 万元, {amount} 元, {salary} 元 a month, {day}, {year},
# {spot} a sight or park, {yi} 亿元.
TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "layoff": [
        ("{ent}下岗了一大批，我们{town}好多人都回家了", "negative"),
        ("老板说{ent}养不起这么多人，让我们自己走，连遣散费都不提", "negative"),
        ("莫名其妙被{ent}开除了，理由是工作态度不好，其实就是不想给补偿", "negative"),
        ("{ent}人事喊我们签协商解除，说不签也要被辞退，啷个办", "negative"),
        ("{ent}一个部门整体被砍掉，{n}个人一起失业", "negative"),
        ("晓得不，{ent}在搞人员精简，合同到期的一律不续签了", "negative"),
        ("{ent}对拟裁减人员开展技能培训并推荐转岗，{town}人社所全程指导", "neutral"),
        ("{ent}被辞退的职工按工龄拿到了经济补偿，大家还算满意", "positive"),
        ("{ent}又开始裁员了，这次{town}厂区一下走了{n}个人，连个说法都没有", "negative"),
        ("听说{ent}要减员三分之一，车间里人心惶惶，有没有知道内情的？", "negative"),
        ("在{ent}干了八年，昨天人事找我谈话让我主动离职，说是优化，补偿一分没有", "negative"),
        ("{ent}放长假，说是回家等通知，只发基本生活费，这跟变相裁员有什么区别", "negative"),
        ("求助：{ent}劝退孕期员工，不签字就调岗到外地，请问怎么维权", "negative"),
        ("{town}{ent}一刀切裁掉{n}名一线工人，老员工被逼签自愿离职书", "negative"),
        ("订单少了，{ent}通知下个月开始轮岗放假，估计后面要裁人", "negative"),
        ("{ent}以末位淘汰为名辞退{n}人，经济补偿金怎么算？", "negative"),
        ("12345来电：反映{ent}无故解除劳动合同，涉及{n}名职工，要求依法支付经济补偿", "negative"),
        ("又一批人被{ent}优化了，四十多岁的人出去还能找到什么工作", "negative"),
        ("{ent}生产线改造，一个班组{n}个人只留两个，其余全部劝退", "negative"),
        ("朋友在{ent}上班，说公司开会宣布裁减人员，名单下周公布", "negative"),
        ("{ent}这波减员太狠了，干了十几年的老师傅都没留", "negative"),
        ("说好的不裁员呢？{ent}今天又走了一个车间的人", "negative"),
        ("人事今天挨个找人谈话，{ent}这是要大裁员啊", "negative"),
        ("{ent}说是业务调整，其实就是变相裁员，一下裁了{n}个", "negative"),
        (
            "市民来电反映：其在{town}{ent}工作，公司以经营困难为由要求其自行辞职且不给补偿",
            "negative",
        ),
        ("区人力社保局：{ent}拟裁减人员{n}人，已按规定提前三十日向工会说明情况", "neutral"),
        ("{ent}发布人员优化方案，涉及{n}个岗位，经济补偿按劳动合同法执行", "neutral"),
        ("记者从{town}了解到，{ent}因订单下滑计划减员，区人社部门已介入指导", "neutral"),
        ("关于{ent}经济性裁员方案的报告情况说明", "neutral"),
        ("{ent}减员{n}人，区就业服务中心上门开展失业登记和再就业指导", "neutral"),
        ("{town}劳动保障所核实{ent}裁员情况：涉及{n}人，补偿方案已公示", "neutral"),
        ("{ent}承诺今年不裁员不降薪，稳岗返还资金已经到账", "positive"),
        ("被{ent}裁员后，区人社局两周内帮{n}名职工重新找到工作，点赞", "positive"),
        ("{ent}取消原定裁员计划，通过内部转岗安置{n}名富余职工", "positive"),
        ("{ent}分流的{n}名员工全部拿到补偿金，人员安置平稳有序", "positive"),
        ("放长假的员工下周全部回来上班，{ent}的减员计划取消了", "positive"),
    ],
    "wage_arrears": [
        ("{ent}的血汗钱啥时候给？干了{m}个月一分没拿到", "negative"),
        ("{ent}发工资越来越晚，以前十号发，现在拖到月底都没影", "negative"),
        ("老乡们在{ent}打工的注意了，工钱一直压着不结", "negative"),
        ("{ent}说工资要等项目验收才结，我们等不起了", "negative"),
        ("{ent}欠了工人{wage}万工钱，工人们堵在厂门口要说法", "negative"),
        ("{ent}工资迟迟不发，问就是财务在走流程，莫得下文", "negative"),
        ("{ent}欠薪案调解结案，分期支付工人工资", "neutral"),
        ("总算拿到钱了！{ent}把欠大家的工钱一次结清", "positive"),
        ("{ent}已经{m}个月没发工资了，问老板就说等回款，我们一家人要吃饭啊", "negative"),
        ("求助！{ent}拖欠我们{n}个工人工资共{wage}万元，找谁都推", "negative"),
        ("{town}{ent}欠薪半年，工友们今天集体去讨薪", "negative"),
        ("年底了，{ent}的工钱还是一分没结，包工头电话也打不通", "negative"),
        ("12345来电：反映{ent}拖欠其{m}个月工资约{amount}元，多次催要未果", "negative"),
        ("在{ent}干了大半年，工资条上有数，卡里没钱，这算什么", "negative"),
        ("{ent}老板跑路了，欠我们{m}个月工资，有人知道他去哪了吗", "negative"),
        ("{ent}每个月只发一半工资，剩下的说年底一起结，现在又说没钱", "negative"),
        ("农民工讨薪难：{ent}项目部拖欠{n}名工人劳务费", "negative"),
        ("我在{ent}上班，工资拖了{m}个月了，房贷都还不上了", "negative"),
        ("{ent}欠薪的事到底有没有人管？劳动监察去了也没用", "negative"),
        ("辞职三个月了，{ent}还欠我最后两个月的工资，打电话就说财务不在", "negative"),
        ("{ent}用白条抵工资，工人拿着欠条不知道找谁", "negative"),
        ("听说{ent}又发不出工资了，上个月就拖了半个月", "negative"),
        ("{n}个兄弟在{ent}工地干了一年，结账时包工头失联，工钱没着落", "negative"),
        ("市民反映：{town}{ent}拖欠保洁人员工资{m}个月，请求督促支付", "negative"),
        ("区劳动保障监察支队受理{ent}欠薪投诉，已责令限期支付", "neutral"),
        ("关于{ent}拖欠劳动报酬案件的处理情况通报", "neutral"),
        ("{town}召开根治欠薪工作推进会，排查在建项目工资支付情况", "neutral"),
        ("{ent}欠薪问题已立案调查，涉及工人{n}名，金额{wage}万元", "neutral"),
        ("区人社局公布一批拖欠农民工工资失信联合惩戒对象名单", "neutral"),
        ("劳动人事争议仲裁委受理{ent}{n}名职工追索劳动报酬申请", "neutral"),
        ("感谢区劳动监察！{ent}拖欠的{m}个月工资今天全部到账了", "positive"),
        ("{town}帮{n}名农民工追回欠薪{wage}万元，春节前全部发放到位", "positive"),
        ("{ent}补发拖欠工资，工人们终于可以安心回家过年了", "positive"),
        ("点赞！12345反映的欠薪问题三天就解决了，{ent}已结清工钱", "positive"),
        ("农民工工资专户起作用了，{ent}项目再没出现欠薪", "positive"),
        ("{ent}拖欠的工资经过调解已经全部发放，谢谢{town}劳动保障所", "positive"),
    ],
    "closure": [
        ("{ent}跑路了，厂房退租，工人连最后一个月都没干完", "negative"),
        ("{ent}搬厂了，新厂离{town}几十公里，大家都去不了", "negative"),
        ("{ent}的厂子卖了，说是要改成仓库，不生产了", "negative"),
        ("{ent}停机停电，车间黑灯瞎火的，估计撑不下去了", "negative"),
        ("{ent}经营不下去了，下个月关张", "negative"),
        ("{ent}迁出潼南的消息是真的吗？厂里在拆设备", "negative"),
        ("{ent}公告：生产基地将于{day}迁往新址，职工可自愿随迁", "neutral"),
        ("{ent}复产了，停工的工人陆续回厂上班", "positive"),
        ("{ent}停产了，大门都锁了，里面的工人怎么办", "negative"),
        ("{town}的{ent}说倒闭就倒闭，设备连夜被拉走", "negative"),
        ("{ent}要搬到外省去，本地员工要么跟着走要么自己辞职", "negative"),
        ("路过{ent}，厂房空了，招牌也拆了，听说已经关门了", "negative"),
        ("{ent}全面停工一个多月了，还没有复工的消息", "negative"),
        ("{ent}资金链断了，生产线全部停了，老板躲着不见人", "negative"),
        ("又一家厂子关门了，{town}的{ent}今天正式停业", "negative"),
        ("{ent}环保不达标被责令停产整改，几百号人都在家待着", "negative"),
        ("{ent}破产清算，工人的补偿不知道能不能拿到", "negative"),
        ("听说{ent}要关厂，机器都在打包了", "negative"),
        ("{ent}车间熄火半个月了，门卫说老板在找人接盘", "negative"),
        ("{ent}突然宣布歇业，员工都是早上来上班才知道的", "negative"),
        ("12345来电：反映{town}{ent}已停产，厂区无人值守，职工去向不明", "negative"),
        ("{ent}整体搬迁到主城，{town}这边的厂子不要了", "negative"),
        ("{ent}这下彻底垮了，法院已经贴了封条", "negative"),
        ("关于{ent}停产搬迁的公告：自{day}起停止生产，员工安置方案另行通知", "neutral"),
        ("{ent}进入破产重整程序，管理人公告债权申报事项", "neutral"),
        ("{ent}因市场原因暂停生产，预计停产{m}个月", "neutral"),
        ("区经济信息委回应{ent}停产一事：正协调银行解决资金问题", "neutral"),
        ("{ent}申请注销登记，现予公告", "neutral"),
        ("{town}对{ent}关停后的职工安置情况进行走访", "neutral"),
        ("{ent}列入落后产能淘汰名单，将于年底前关停", "neutral"),
        ("{ent}通知：厂区整体迁往{town}，老厂区{day}起停用", "neutral"),
        ("好消息！停产半年的{ent}今天复工了，{n}名工人回到岗位", "positive"),
        ("{ent}搬迁到潼南高新区新厂房，原有员工全部保留", "positive"),
        ("{ent}破产重整成功，新投资方接手后恢复生产", "positive"),
        ("{ent}停产整改验收合格，生产线重新开动", "positive"),
        ("关停的{ent}厂区改造成产业园，已引进三家企业", "positive"),
    ],
    "social_insurance": [
        ("{ent}不给员工参保，出了事全让自己扛", "negative"),
        ("{ent}社保漏缴好几个月，我去办医保报销才发现", "negative"),
        ("{ent}说社保由劳务公司交，结果两边都没交", "negative"),
        ("在{ent}上了两年班，养老金账户一分钱都没有", "negative"),
        ("{ent}的社保欠费越积越多，工人们退休怎么办", "negative"),
        ("{ent}把社保改成现金补贴发给我们，这样到底行不行", "negative"),
        ("社保部门提醒：单位未缴社保的，职工可以到{town}社保所投诉", "neutral"),
        ("{ent}主动给员工补齐了欠缴的养老和医疗保险", "positive"),
        ("{ent}从去年开始就没给我们交社保了，工资条上还在扣钱", "negative"),
        ("查了下社保记录，{ent}已经断缴{m}个月，医保卡都用不了了", "negative"),
        ("{ent}入职不给买社保，说要买就自己交，这合法吗", "negative"),
        ("{ent}停缴养老保险，我还有两年就退休了怎么办", "negative"),
        ("求助：{ent}拖欠社保费，生孩子的生育津贴报不了", "negative"),
        ("{town}{ent}让员工签自愿放弃社保声明，不签就不让上班", "negative"),
        ("{ent}扣了我们社保的钱却没交到社保局，这属于什么性质", "negative"),
        ("在{ent}干了三年才发现五险一金根本没交", "negative"),
        ("12345来电：反映{ent}未为其缴纳社会保险，要求单位补缴", "negative"),
        ("工伤了才发现{ent}没给我上工伤保险，医药费全自己垫", "negative"),
        ("{ent}欠缴社保{m}个月，职工去医院看病报不了销", "negative"),
        ("社保交了又断，断了又交，{ent}这样搞我们的缴费年限怎么算", "negative"),
        ("{ent}只按最低基数交社保，我们实际工资高得多", "negative"),
        ("{ent}的社保这个月又没交，公积金也停了", "negative"),
        ("市民反映：{ent}为其缴纳社保至{day}后停缴，单位拒绝说明原因", "negative"),
        ("区社保局提醒：用人单位应按时足额缴纳社会保险费", "neutral"),
        ("关于{ent}欠缴社会保险费的限期缴纳通知", "neutral"),
        ("灵活就业人员社保缴费标准调整，{town}社保服务窗口可以办理", "neutral"),
        ("{ent}社保欠费问题已移交区社保稽核部门处理", "neutral"),
        ("{town}开展社会保险扩面征缴，走访{n}家企业", "neutral"),
        ("养老保险断缴了怎么补？区社保中心的答复来了", "neutral"),
        ("社保部门核查{ent}参保人数，发现{n}人未参保", "neutral"),
        ("{ent}补缴了拖欠的{m}个月社保，工友们的医保卡又能用了", "positive"),
        ("社保费减免政策落地，{ent}为{n}名员工全部续保", "positive"),
        ("谢谢区社保局，{ent}断缴的养老保险已经全部补齐", "positive"),
        ("{town}帮{n}名职工追回欠缴社保，缴费记录恢复连续", "positive"),
        ("{ent}给临时工也交了五险，员工都说这样干得踏实", "positive"),
        # The bureau's service notices and callers' questions (plan S6.4): a notice about
        # 失业保险金 or 稳岗返还 is social insurance and neutral, not a layoff.
        ("{year}年度城乡居民医保开始缴费，可在{town}便民服务中心或手机上办理", "neutral"),
        ("社保缴费提醒：本月养老保险请在{day}前缴纳，逾期会影响待遇", "neutral"),
        ("失业保险金申领指南：参保缴费满一年、非本人意愿中断就业的可以申领", "neutral"),
        ("领失业保险金现在网上就能办，不用跑窗口，{town}社保所有专人指导", "positive"),
        ("{year}年稳岗返还政策问答：中小微企业按上年实际缴纳失业保险费的六成返还", "neutral"),
        ("{ent}收到稳岗返还资金{wage}万元，准备用于职工培训", "positive"),
        ("第三代社保卡换发啦，{town}便民服务中心可以现场制卡", "neutral"),
        ("养老金待遇资格认证可以在手机上刷脸完成，老年人不用再跑路", "positive"),
        ("12345来电：咨询社保关系从外地转回潼南需要带哪些材料，已告知", "neutral"),
        ("来电人咨询医保异地就医备案如何办理，已告知办理渠道", "neutral"),
        ("12345来电：市民咨询办理退休手续的时间和需要的证件", "neutral"),
        ("市民来电询问灵活就业人员怎么参加职工养老保险", "neutral"),
        ("请问{town}社保所周六上班不？想去打一份缴费清单", "neutral"),
        ("关于{year}年社会保险缴费基数申报的通知", "neutral"),
    ],
    "recruitment": [
        ("{ent}缺工{n}人，长白班，五险一金，欢迎来电咨询", "positive"),
        ("{ent}在{town}设了招工点，本地人优先录用", "positive"),
        ("家门口的好岗位：{ent}招收包装工，计件工资多劳多得", "positive"),
        ("{ent}校园招聘开始啦，技术岗位{n}个", "positive"),
        ("{ent}招人的中介收了两百块介绍费，进去才发现根本不缺人", "negative"),
        ("{ent}的招聘广告写得好听，面试时又说工资要打折", "negative"),
        ("人力资源市场{day}岗位对接活动：{ent}等企业需求{n}人", "neutral"),
        ("{town}就业服务站登记求职人员{n}名，推荐到{ent}等企业面试", "neutral"),
        ("{town}春风行动招聘会本周六举行，{n}家企业提供上千个岗位", "positive"),
        ("{ent}扩产招工，普工月薪{salary}元起，包吃包住", "positive"),
        ("好消息！{ent}新厂投产，急招操作工{n}名", "positive"),
        ("区人社局举办{year}年潼南区春季招聘会，欢迎求职者参加", "positive"),
        ("在家门口就能找工作！{town}就业服务站每周三举办小型招聘会", "positive"),
        ("{town}将于{day}举办就业援助月专场招聘会，{n}家企业提供岗位，欢迎求职者参加", "positive"),
        (
            "{day}，区人社局联合{town}举办“春风送岗”招聘活动，现场提供岗位{n}个，欢迎大家参加",
            "positive",
        ),
        ("{ent}招聘电工、焊工、叉车司机，有证优先，待遇从优", "positive"),
        ("{ent}订单排满，用工缺口{n}人，欢迎乡亲们来应聘", "positive"),
        ("直播带岗来了！{ent}等{n}家企业在线招人", "positive"),
        ("{town}零工市场开张，每天上百个岗位等你来", "positive"),
        ("退役军人专场招聘会在潼南举行，{n}家企业进场招贤", "positive"),
        ("高校毕业生就业见习岗位开放报名，{ent}提供见习岗位{n}个", "positive"),
        ("{ent}面向脱贫人口招工，{n}人已签订劳动合同", "positive"),
        ("招聘会现场火爆，{ent}一上午收到简历{n}份", "positive"),
        ("{ent}扩大生产规模，计划新增就业岗位{n}个", "positive"),
        ("潼南高新区企业招聘信息汇总：{ent}招普工{n}名", "neutral"),
        ("{ent}招聘公告：招收生产工人{n}名，年龄18至50周岁", "neutral"),
        ("{town}劳务输出对接会召开，与{n}家企业签订用工协议", "neutral"),
        ("区就业服务中心发布本月岗位信息，共{n}个岗位", "neutral"),
        ("{ent}招聘质检员，要求高中以上学历，有意者到人事部报名", "neutral"),
        ("用工需求调查：{town}企业一季度缺工{n}人", "neutral"),
        ("求职登记流程：持身份证到区人力资源市场登记即可", "neutral"),
        ("{ent}招工广告说月薪八千，去了才知道要倒班还扣押金", "negative"),
        ("招聘会去了一趟，{ent}的岗位全是销售，根本不是普工", "negative"),
        ("提醒大家：有人冒充{ent}招工收报名费，千万别上当", "negative"),
        ("{ent}招人一直招不到，工资太低没人愿意去", "negative"),
        ("{town}招工难：{ent}开出五千月薪还是招不满人", "negative"),
        ("{ent}扩建项目投用后将新增岗位{n}个，优先招收{town}本地人", "positive"),
        ("{ent}订单接到了明年，车间要加人，熟练工月薪{salary}元", "positive"),
        ("来电人询问{town}本月招聘会在哪天举行，已告知时间地点", "neutral"),
    ],
    "other": [
        ("{ent}厂门口那段路坑坑洼洼，货车一过灰好大", "negative"),
        ("{ent}员工食堂换了承包商，饭菜好吃多了", "positive"),
        ("{ent}车间开展安全生产月活动", "neutral"),
        ("{ent}获评区级绿色工厂", "positive"),
        ("{ent}周边的噪声扰民，晚上十点了还在响", "negative"),
        ("{ent}党支部组织参观红色教育基地", "neutral"),
        ("{town}的桂花开了，路过香得很", "positive"),
        ("{town}到城区的班车改到{road}上车了，大家注意", "neutral"),
        ("{town}{road}道路施工，{day}至月底实行单向通行", "neutral"),
        ("潼南区气象台发布暴雨蓝色预警，{town}等地有大到暴雨", "neutral"),
        ("{town}停水通知：因管网维修，{day}全天停水", "neutral"),
        ("因线路检修，{town}部分区域{day}停电8小时", "neutral"),
        ("潼南城区至{town}公交线路调整，新增早晚班次", "positive"),
        ("{town}油菜花节开幕，欢迎市民游客前来赏花", "positive"),
        ("{town}菜市场改造完工，本周六重新开放", "positive"),
        ("大佛寺景区国庆期间门票预约通知", "neutral"),
        ("{town}中小学秋季招生报名时间公布", "neutral"),
        ("{road}发生一起两车追尾事故，无人员伤亡，请绕行", "neutral"),
        ("{town}新建的体育公园开放了，周末带娃去玩", "positive"),
        ("这几天{town}雾好大，高速部分路段封闭", "neutral"),
        ("{town}农贸市场猪肉价格下降，一斤便宜了两块", "neutral"),
        ("潼南柠檬丰收，{town}果农忙着采摘", "positive"),
        ("{town}老旧小区改造，加装电梯征求居民意见", "neutral"),
        ("12345来电：反映{town}{road}路灯不亮，夜间出行不便", "negative"),
        ("{town}小区楼下烧烤摊油烟太大，晚上吵得睡不着", "negative"),
        ("{town}养老服务中心投用，老人在家门口就能吃上饭", "positive"),
        ("渝遂高速潼南段{day}起夜间施工，请注意绕行", "neutral"),
        ("{road}的红绿灯时间太短了，老人过马路都来不及", "negative"),
        ("{town}举办龙舟赛，涪江两岸人山人海", "positive"),
        ("{town}文化广场坝坝舞音乐太大声，附近居民投诉", "negative"),
        ("潼南到重庆北的城际列车增加班次，出行更方便了", "positive"),
        ("{town}流浪狗咬伤路人，希望有关部门管一管", "negative"),
        ("{ent}篮球队获得全区职工运动会冠军", "positive"),
        ("{ent}开展消防安全演练，全体员工参加", "neutral"),
        ("{ent}组织员工到敬老院献爱心", "positive"),
        ("{town}河道清淤，岸边步道暂时关闭", "neutral"),
        ("{town}快递网点春节期间暂停派送", "neutral"),
        ("{road}下水道堵了好几天，一下雨就淹", "negative"),
        # Everyday Tongnan (plan S6.4): weather, outings, traffic, utilities, markets, food,
        # school, hospitals, festivals, sports. Most of what people post is this; the desk must
        # not read a crowd, a walk or the cold as a layoff or a closure.
        ("今天{town}出太阳了，家家户户都在晒被子", "positive"),
        ("{town}下了一整天的雨，出门记得带伞", "neutral"),
        ("寒潮来袭，{town}这两天最低只有两三度，老人娃娃多穿点", "neutral"),
        ("{town}的雾还没散，能见度不到五十米，开车慢点", "neutral"),
        ("五一假期{spot}游客爆满，停车场都停不下了", "neutral"),
        ("带爸妈去{spot}耍了一天，风景巴适得很", "positive"),
        ("{spot}晚上的灯光秀好漂亮，拍照的排起长队", "positive"),
        ("周末的{spot}挤满了游客，建议大家错峰出行", "neutral"),
        ("外地朋友来潼南，第一站就带他去了{spot}", "positive"),
        ("吃了晚饭到{road}走一走，江风吹起好舒服", "positive"),
        ("涪江边钓鱼的越来越多，我今天钓了两条鲫鱼", "positive"),
        ("{road}早高峰堵成一锅粥，上班的提前出门", "negative"),
        ("{road}新修的立交通车了，到城区快了十分钟", "positive"),
        ("{town}到城区的客运班车{day}起恢复运行", "neutral"),
        ("{town}今天又停电了，冰箱里的菜都要放坏了", "negative"),
        ("{town}自来水管网改造完了，水压终于上来了", "positive"),
        ("供电公司通知：{town}{day}上午检修线路，请提前做好准备", "neutral"),
        ("{town}逢场天，新鲜蔬菜便宜得很，买了一大包回家", "positive"),
        ("{town}街上那家羊肉汤要排半小时的队，味道确实好", "positive"),
        ("潼南柠檬鸡、太安鱼，外地亲戚来了必须安排上", "positive"),
        ("{town}农贸市场今天鸡蛋涨价了，一斤贵了五毛", "neutral"),
        ("{town}小学开学第一天，交警在校门口护学", "neutral"),
        ("高考首日，{town}考点外家长们撑着伞等孩子", "neutral"),
        ("娃儿期末考完了，暑假准备带他去{spot}", "positive"),
        ("区人民医院挂个号排了一个多小时，能不能多开几个窗口", "negative"),
        ("{town}卫生院可以预约挂号了，不用一大早去排队", "positive"),
        ("区中医院{day}开展义诊，免费测血压血糖", "positive"),
        ("{town}中秋游园会，猜灯谜吃月饼，热闹得很", "positive"),
        ("年货节在{town}开幕，腊肉香肠摆了一条街", "positive"),
        ("潼南半程马拉松{day}开跑，沿线道路临时交通管制", "neutral"),
        ("{town}乡村篮球赛打决赛，全村老少都来加油", "positive"),
        ("元宵节{spot}放烟花，看热闹的把河堤都站满了", "positive"),
        ("国庆黄金周{spot}接待游客超过十万人次", "positive"),
        ("下午去{town}赶场，街上挤得走都走不动", "neutral"),
        ("{town}昨晚刮大风，路边倒了几棵树，环卫工人一早就在清理", "neutral"),
        ("夏天到了，{town}的游泳馆开放了，一场二十块", "positive"),
        ("{town}广场舞的阿姨们换了新曲子，围着看的人一圈又一圈", "positive"),
        ("春节回潼南，高速出口的车排了好长一串", "neutral"),
        ("听说{spot}要办灯会，到时候带娃去看", "positive"),
        ("在{town}喝了一下午坝坝茶，摆龙门阵安逸得很", "positive"),
        # Business good news with no job on offer: other and positive, not a closure (厂房,
        # 生产线 and 订单 are not only the words of a stoppage).
        ("{ent}二期项目开工，总投资{yi}亿元", "positive"),
        ("{ent}今年订单同比增长三成，生产线满负荷运转", "positive"),
        ("潼南高新区集中签约{n}个项目，{ent}等企业落户", "positive"),
        ("{ent}新上两条自动化生产线，产能翻了一番", "positive"),
        ("{ent}的产品出口东南亚，首批货柜今天发车", "positive"),
        ("{ent}获评国家级专精特新小巨人企业", "positive"),
        ("{ent}技改项目投产，年产值预计增加{yi}亿元", "positive"),
        ("{ent}和外地客商签下大单，够干到年底", "positive"),
        ("听说{ent}又接了个大订单，今年效益好得很", "positive"),
        ("{ent}在潼南高新区拿地{n}亩，要建研发中心", "positive"),
        ("{ent}年产{yi}万吨的扩能项目通过环评", "neutral"),
        ("{ent}厂房屋顶装上了光伏板，一年能省不少电费", "positive"),
        ("{ent}租下工业园两栋标准厂房，设备下个月进场", "positive"),
        # Training and employment services with no job on offer, and callers' questions.
        ("{year}年职业技能培训开始报名：中式面点、家政、电工免费学，还有生活补贴", "positive"),
        ("{town}开办育婴员技能培训班，报名截止{day}", "neutral"),
        ("创业担保贷款申请指南：个人最高可贷三十万元", "neutral"),
        ("12345来电：咨询技能培训补贴的申领条件，已解答", "neutral"),
        ("来电人咨询试用期能否不签劳动合同，已作政策解释", "neutral"),
    ],
}


def slots(r: random.Random, enterprise: tuple[str, str]) -> dict[str, str]:
    """One draw of every slot: `enterprise` named in full or by its short name, a town..."""
    full, short = enterprise
    return {
        "ent": full if r.random() < 0.5 else short,
        "town": r.choice(TOWNS),
        "road": r.choice(ROADS),
        "n": str(r.choice([r.randint(3, 30), r.randint(30, 300)])),
        "m": r.choice(MONTHS),
        "wage": str(r.randint(3, 180)),
        "amount": str(r.randrange(3000, 60000, 100)),
        "salary": str(r.randrange(3500, 7500, 500)),
        "day": f"{r.randint(1, 12)}月{r.randint(1, 28)}日",
        "year": str(r.choice([2023, 2024, 2025])),
        "spot": r.choice(SPOTS),
        "yi": str(r.randint(1, 30)),
    }


def rows(seed: int = SEED, per_topic: dict[str, int] | None = None) -> list[tuple[str, str, str]]:
    """`per_topic[topic]` distinct (text, topic, tone) rows for each topic (PER_TOPIC unless
    given), in a fixed order."""
    per_topic = per_topic or PER_TOPIC
    r = random.Random(seed)
    out = []
    for topic, templates in TEMPLATES.items():
        seen: set[str] = set()
        turn = named = 0
        while len(seen) < per_topic[topic]:
            template, tone = templates[turn % len(templates)]
            turn += 1
            # Every topic names each enterprise about as often: drawn at random, a name that
            # chance put in more closure rows became a closure word (泰新电气招普工 fell below
            # recruitment's threshold).
            enterprise = ENTERPRISES[named % len(ENTERPRISES)]
            named += "{ent}" in template
            text = template.format(**slots(r, enterprise))
            if text not in seen:
                seen.add(text)
                out.append((text, topic, tone))
    return out


def main(out: Path = OUT) -> None:
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["text", "topic", "tone"])
        writer.writerows(rows())


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
