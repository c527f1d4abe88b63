from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0006_assignment"),
    ]

    operations = [
        migrations.AddField(
            model_name="coordinationrequest",
            name="form_token",
            field=models.UUIDField(
                blank=True, editable=False, null=True, unique=True, verbose_name="mã biểu mẫu"
            ),
        ),
    ]
