"""The development check script on a tiny invented seed set (no shared data)."""
import json

from rasid.clean.devcheck import main


def test_devcheck_reports_pass_and_fail(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("قتل جنديان في هجوم على حاجز عسكري شمال البلاد صباح الأحد الماضي وفق الجيش.\n"
                                    "تابعونا على فيسبوك وتويتر\n", encoding="utf-8")
    gold = {"documents": {"a.txt": {"outlet": None, "genre": "news", "boilerplate_lines": [2]}}}
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    assert main([str(tmp_path), str(tmp_path / "gold.json")]) == 0
    gold["documents"]["a.txt"]["boilerplate_lines"] = [1, 2]
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    assert main([str(tmp_path), str(tmp_path / "gold.json")]) == 1
    assert "line 1 should be removed" in capsys.readouterr().out
