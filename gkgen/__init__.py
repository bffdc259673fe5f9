"""gkgen: 政府信息公开工作年度报告 as data — validate, render, publish."""

__version__ = "0.1.0"
