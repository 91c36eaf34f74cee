from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0008_queuedtask"),
    ]

    operations = [
        migrations.AddField(
            model_name="variant",
            name="lease_expires_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="variant",
            name="lease_holder",
            field=models.CharField(blank=True, default="", editable=False, max_length=120),
        ),
    ]
