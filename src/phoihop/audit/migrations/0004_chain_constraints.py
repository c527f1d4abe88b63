from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_fill_chain")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, unique=True, verbose_name="số thứ tự"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(editable=False, max_length=64, unique=True, verbose_name="mã băm"),
        ),
    ]
